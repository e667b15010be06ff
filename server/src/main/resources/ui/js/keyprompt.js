// The API key prompt: a modal dialog asking for a key when the API answers 401. Every request that meets a 401 while
// it is open waits for the same answer.

let pending = null;

/**
 * Opens the key dialog with the API's reason and resolves to the key typed in, or to null when the person cancels
 * (or the page moves on: `signal` aborted).
 */
export function askForKey(reason, signal) {
  if (!pending) pending = open(reason).finally(() => { pending = null; });
  if (!signal) return pending;
  return new Promise((resolve, reject) => {
    const aborted = () => reject(signal.reason ?? new DOMException('aborted', 'AbortError'));
    if (signal.aborted) { aborted(); return; }
    signal.addEventListener('abort', aborted, { once: true });
    pending.then(resolve, reject);
  });
}

function open(reason) {
  const dialog = document.getElementById('key-dialog');
  const form = document.getElementById('key-form');
  const input = document.getElementById('key-input');
  const cancel = document.getElementById('key-cancel');
  document.getElementById('key-reason').textContent = reason || '';
  input.value = '';
  return new Promise((resolve) => {
    const done = (value) => {
      form.removeEventListener('submit', submitted);
      cancel.removeEventListener('click', cancelled);
      dialog.removeEventListener('cancel', cancelled);
      if (dialog.open) dialog.close();
      resolve(value);
    };
    const submitted = (event) => {
      event.preventDefault();
      const key = input.value.trim();
      if (!key) { input.focus(); return; }
      done(key);
    };
    const cancelled = (event) => {
      event.preventDefault();
      done(null);
    };
    form.addEventListener('submit', submitted);
    cancel.addEventListener('click', cancelled);
    dialog.addEventListener('cancel', cancelled);
    dialog.showModal();
    input.focus();
  });
}

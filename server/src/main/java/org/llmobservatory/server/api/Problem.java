package org.llmobservatory.server.api;

/**
 * An RFC 9457 problem detail: the body of every error answer of the query API, sent as
 * {@code application/problem+json}.
 *
 * @param type     a URI naming the kind of problem
 * @param title    a short summary of that kind, the same for every occurrence
 * @param status   the HTTP status code
 * @param detail   what went wrong in this request, for a person to act on
 * @param instance the request path the problem occurred on
 */
record Problem(String type, String title, int status, String detail, String instance) {
}

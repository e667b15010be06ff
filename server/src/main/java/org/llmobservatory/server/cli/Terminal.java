package org.llmobservatory.server.cli;

import java.io.Console;

/** Whether the command talks to a person at a terminal: progress bars are drawn only then, not into logs and pipes. */
final class Terminal {

    private Terminal() {
    }

    static boolean attached() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // Java 22 and later return a console for pipes too, and say whether it is a terminal.
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // Java 21 returns a console only for a terminal
        }
    }
}

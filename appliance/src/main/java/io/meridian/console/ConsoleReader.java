package io.meridian.console;

/** The account a console page is rendered for, as far as the page's masking of personal data goes. */
public interface ConsoleReader {

    /** Whether the account sees customers' names, addresses, numbers and texts as they are. */
    boolean seesPersonalData();
}

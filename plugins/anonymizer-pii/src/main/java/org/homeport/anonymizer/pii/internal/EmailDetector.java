package org.homeport.anonymizer.pii.internal;

import java.util.List;
import org.homeport.api.util.text.EmailAddresses;

/**
 * E-mail addresses, as {@link EmailAddresses} reads them (the scanner {@code redact-emails} uses
 * too): {@code local@domain} with two or more domain labels, the last two or more letters or an
 * internationalized top-level domain in ASCII ({@code xn--p1ai}); not {@code root@localhost} nor
 * the user part of a URL ({@code //user@host}). Linear in the length of the text.
 */
final class EmailDetector implements Detector {
    static final String ID = "email";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String placeholder() {
        return EmailAddresses.PLACEHOLDER;
    }

    @Override
    public void find(CharSequence text, List<Finding> out) {
        EmailAddresses.find(text, (start, end) -> out.add(new Finding(ID, start, end)));
    }
}

package org.homeport.anonymizer.pii.internal;

/** A text that counts how often detectors read a character: the measure of their linearity. */
final class CountingText implements CharSequence {
    private final String text;
    private long visits;

    CountingText(String text) {
        this.text = text;
    }

    long visits() {
        return visits;
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public char charAt(int index) {
        visits++;
        return text.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        throw new UnsupportedOperationException("detectors read through charAt only");
    }

    @Override
    public String toString() {
        throw new UnsupportedOperationException("detectors read through charAt only");
    }
}

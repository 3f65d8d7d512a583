package org.homeport.sink.elasticsearch.internal;

/** What the bulk writer tells about its work; the component records it as meters and as health. */
interface WriteMetrics {
    /**
     * A bulk request was answered item by item (items may still have failed), or failed as a whole
     * ({@code answered} false); {@code reached} tells whether the cluster answered at all (an HTTP error
     * is an answer, a refused connection or a timeout is not).
     */
    void bulk(int docs, long bytes, long nanos, boolean answered, boolean reached);

    /** Items (or a whole request) are sent again; {@code why} is THROTTLED or RETRY. */
    void retried(ItemOutcome why, int items);

    /** Events refused for good, on their way to the dead letters. */
    void refused(int events);

    /** A write gave up retrying; the journal resends the batch later. */
    void failed(int events);

    WriteMetrics NONE = new WriteMetrics() {
        @Override
        public void bulk(int docs, long bytes, long nanos, boolean answered, boolean reached) {
        }

        @Override
        public void retried(ItemOutcome why, int items) {
        }

        @Override
        public void refused(int events) {
        }

        @Override
        public void failed(int events) {
        }
    };
}

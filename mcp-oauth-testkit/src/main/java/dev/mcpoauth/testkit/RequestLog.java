package dev.mcpoauth.testkit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Every request both servers received, in arrival order, with the moments it was received and answered. Times come
 * from {@link System#nanoTime()} (monotonic) anchored at the wall clock when the log was created.
 */
final class RequestLog {

    /** One recorded request; {@code answeredNanos} is set just before its response is written. */
    static final class Entry {
        private final RecordedRequest request;
        private long answeredNanos = -1;

        private Entry(RecordedRequest request) {
            this.request = request;
        }
    }

    private final Instant anchor = Instant.now();
    private final long anchorNanos = System.nanoTime();
    private final List<Entry> entries = new ArrayList<>();

    /** The current moment on the log's clock. */
    Instant now() {
        return at(System.nanoTime());
    }

    private Instant at(long nanos) {
        return anchor.plusNanos(nanos - anchorNanos);
    }

    /** Records a request received now; pass the returned entry to {@link #answered} just before the response is written, so a client that has the answer always finds it recorded. */
    synchronized Entry add(String method, String path, String query, java.util.Map<String, List<String>> headers,
                           String body, String server) {
        Entry entry = new Entry(new RecordedRequest(method, path, query, headers, body, server, now(), null));
        entries.add(entry);
        return entry;
    }

    synchronized void answered(Entry entry) {
        entry.answeredNanos = System.nanoTime();
    }

    synchronized List<RecordedRequest> snapshot() {
        List<RecordedRequest> copy = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            RecordedRequest r = e.request;
            copy.add(e.answeredNanos < 0 ? r : new RecordedRequest(r.method(), r.path(), r.query(), r.headers(),
                    r.body(), r.server(), r.receivedAt(), at(e.answeredNanos)));
        }
        return List.copyOf(copy);
    }

    synchronized int count(String method, String path) {
        int count = 0;
        for (Entry e : entries) {
            RecordedRequest r = e.request;
            if (r.method().equalsIgnoreCase(method) && r.path().equals(path)) {
                count++;
            }
        }
        return count;
    }
}

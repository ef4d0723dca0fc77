package dev.mcpoauth.testkit;

import java.util.ArrayList;
import java.util.List;

/** Every request both servers received, in arrival order. */
final class RequestLog {

    private final List<RecordedRequest> requests = new ArrayList<>();

    synchronized void add(RecordedRequest request) {
        requests.add(request);
    }

    synchronized List<RecordedRequest> snapshot() {
        return List.copyOf(requests);
    }

    synchronized int count(String method, String path) {
        int count = 0;
        for (RecordedRequest r : requests) {
            if (r.method().equalsIgnoreCase(method) && r.path().equals(path)) {
                count++;
            }
        }
        return count;
    }
}

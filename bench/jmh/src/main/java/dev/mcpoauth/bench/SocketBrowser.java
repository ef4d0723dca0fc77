package dev.mcpoauth.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The benchmarks' headless "browser": GETs a URL over a plain socket (HTTP/1.1, {@code Connection: close}) and
 * follows each {@code Location}, across origins, until a page answers, as the TypeScript driver does with
 * {@code fetch(url, {redirect: 'manual'})}. It stands in for the user's browser on both sides of the comparison, so
 * it is kept as cheap as the Node one: the JDK {@code HttpClient} (used by the testkit's {@code HeadlessBrowser})
 * adds a millisecond or more of hand-offs per hop, which would be billed to mcp-oauth. Loopback http only.
 */
final class SocketBrowser {
    private static final int MAX_HOPS = 10;
    private static final int TIMEOUT_MILLIS = 30_000;

    private SocketBrowser() {
    }

    /** Follows {@code start}; returns the final status. */
    static int follow(URI start) {
        URI current = start;
        for (int i = 0; i < MAX_HOPS; i++) {
            Response response = get(current);
            if (response.status() >= 300 && response.status() < 400 && response.location() != null) {
                current = current.resolve(response.location());
                continue;
            }
            return response.status();
        }
        throw new IllegalStateException("more than " + MAX_HOPS + " redirects starting at " + start);
    }

    private record Response(int status, String location) {
    }

    private static Response get(URI uri) {
        if (!"http".equals(uri.getScheme())) {
            throw new IllegalArgumentException("the bench browser follows http URLs only, not " + uri);
        }
        int port = uri.getPort() == -1 ? 80 : uri.getPort();
        String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(uri.getHost(), port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: " + uri.getRawAuthority()
                    + "\r\nAccept: text/html\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) != -1; ) {
                all.write(buffer, 0, n);
            }
            String text = all.toString(StandardCharsets.ISO_8859_1);
            int headersEnd = text.indexOf("\r\n\r\n");
            String[] lines = text.substring(0, headersEnd < 0 ? text.length() : headersEnd).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            String location = null;
            for (String line : lines) {
                if (line.toLowerCase(Locale.ROOT).startsWith("location:")) {
                    location = line.substring("location:".length()).trim();
                }
            }
            return new Response(status, location);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot GET " + uri, e);
        }
    }
}

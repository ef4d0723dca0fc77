package dev.mcpoauth.http;

import dev.mcpoauth.ErrorCode;
import dev.mcpoauth.McpOAuthException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 exchange over a connection to an address that was resolved and checked beforehand:
 * the connection goes to exactly that address, never to a fresh lookup of the name, which is what
 * defeats DNS rebinding. For https the TLS handshake sends the URL's host name as SNI and verifies
 * the certificate against it (endpoint identification {@code HTTPS}, RFC 2818 / RFC 6125), and the
 * {@code Host} header carries the name, so virtual hosting and certificates work as with any client.
 *
 * <p>Bounded in every dimension: the whole exchange (connect, handshake, request, every read) must
 * finish before one deadline, so a server that trickles bytes cannot hold the client; the status line
 * and headers are capped at {@link #MAX_HEAD_BYTES}; the body at the transport's size cap, checked
 * against {@code Content-Length} before reading and while reading. Responses may be fixed-length,
 * chunked or delimited by close. With a {@link ConnectionPool}, a connection whose response was
 * delimited and did not ask to close is kept for the next request to the same checked address; a
 * request that fails on a kept connection before any response byte arrives (the server had closed
 * it) is sent once more on a new one. Without a pool, one request per connection
 * ({@code Connection: close}). Not public API: {@link HttpTransport} is.
 */
final class PinnedExchange {
    /** Status line plus headers: real servers send a few KiB. */
    static final int MAX_HEAD_BYTES = 64 * 1024;
    /** Interim (1xx) responses skipped before giving up. */
    private static final int MAX_INTERIM_RESPONSES = 8;

    private final HttpCall call;
    private final Map<String, String> headers;
    private final long deadline;
    private final Duration requestTimeout;
    private final int maxBodyBytes;
    private Socket socket;
    private InputStream in;
    private final byte[] buffer = new byte[8192];
    private int position;
    private int limit;
    /** Where the connection goes, when it may be kept. */
    private ConnectionPool.Key key;
    /** Whether any byte of the response has arrived. */
    private boolean responseStarted;
    /** Whether the response's end was known from its framing, so the connection can carry another. */
    private boolean delimited;
    /** Whether the response's status line says HTTP/1.1 (an HTTP/1.0 response ends the connection). */
    private boolean http11;

    private PinnedExchange(HttpCall call, Map<String, String> headers, Duration requestTimeout, int maxBodyBytes) {
        this.call = call;
        this.headers = headers;
        this.requestTimeout = requestTimeout;
        this.deadline = System.nanoTime() + requestTimeout.toNanos();
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * Sends {@code call} to one of {@code addresses} (tried in order) and reads the whole response.
     *
     * @param headers every header to send besides {@code Host}, {@code Content-Length} and {@code Connection}
     */
    static HttpResult send(HttpCall call, Map<String, String> headers, List<InetAddress> addresses, Connector connector,
                           SSLSocketFactory tls, Duration connectTimeout, Duration requestTimeout, int maxBodyBytes) {
        return send(call, headers, addresses, connector, tls, connectTimeout, requestTimeout, maxBodyBytes, null);
    }

    /**
     * As {@link #send(HttpCall, Map, List, Connector, SSLSocketFactory, Duration, Duration, int)},
     * reusing and keeping connections in {@code pool} (null: one request per connection).
     */
    static HttpResult send(HttpCall call, Map<String, String> headers, List<InetAddress> addresses, Connector connector,
                           SSLSocketFactory tls, Duration connectTimeout, Duration requestTimeout, int maxBodyBytes,
                           ConnectionPool pool) {
        PinnedExchange exchange = new PinnedExchange(call, headers, requestTimeout, maxBodyBytes);
        try {
            if (pool != null && exchange.reuse(pool, addresses)) {
                try {
                    return exchange.exchange(pool);
                } catch (IOException stale) {
                    if (exchange.responseStarted || stale instanceof SocketTimeoutException) {
                        throw stale;
                    }
                    // The server closed the kept connection before this request reached it.
                    exchange.close();
                    exchange = new PinnedExchange(call, headers, requestTimeout, maxBodyBytes);
                }
            }
            exchange.connect(addresses, connector, tls, connectTimeout);
            return exchange.exchange(pool);
        } catch (SocketTimeoutException e) {
            throw new McpOAuthException(ErrorCode.TIMEOUT,
                    "`" + call.uri() + "` did not answer within " + requestTimeout.toSeconds() + " s", e);
        } catch (SSLException e) {
            throw new McpOAuthException(ErrorCode.UNREACHABLE,
                    "cannot reach `" + call.uri() + "`: TLS failed (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new McpOAuthException(ErrorCode.UNREACHABLE, "cannot reach `" + call.uri() + "`: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), e);
        } finally {
            exchange.close();
        }
    }

    /** Sends the request, reads the response, and keeps the connection in {@code pool} when it can carry another. */
    private HttpResult exchange(ConnectionPool pool) throws IOException {
        writeRequest(pool != null);
        HttpResult result = readResponse();
        if (pool != null && key != null && delimited && position == limit && keepsAlive(result)) {
            pool.put(key, socket, in);
            socket = null;
        }
        return result;
    }

    /** Whether the server lets the connection stay open: HTTP/1.1 without {@code Connection: close}. */
    private boolean keepsAlive(HttpResult result) {
        return http11 && result.headers("connection").stream()
                .noneMatch(value -> value.toLowerCase(Locale.ROOT).contains("close"));
    }

    /** Takes a kept connection to one of {@code addresses}, in order; false when there is none. */
    private boolean reuse(ConnectionPool pool, List<InetAddress> addresses) {
        for (InetAddress address : addresses) {
            ConnectionPool.Key candidate = keyFor(address);
            ConnectionPool.Idle idle = pool.take(candidate);
            if (idle != null) {
                socket = idle.socket();
                in = idle.in();
                key = candidate;
                return true;
            }
        }
        return false;
    }

    private ConnectionPool.Key keyFor(InetAddress address) {
        URI uri = call.uri();
        boolean https = uri.getScheme().equalsIgnoreCase("https");
        int port = uri.getPort() != -1 ? uri.getPort() : https ? 443 : 80;
        return new ConnectionPool.Key(https, uri.getHost().toLowerCase(Locale.ROOT), port, address);
    }

    // ---- connection ----

    private void connect(List<InetAddress> addresses, Connector connector, SSLSocketFactory tls,
                         Duration connectTimeout) throws IOException {
        URI uri = call.uri();
        boolean https = uri.getScheme().equalsIgnoreCase("https");
        int port = uri.getPort() != -1 ? uri.getPort() : https ? 443 : 80;
        IOException last = null;
        for (InetAddress address : addresses) {
            int millis = (int) Math.max(1, Math.min(connectTimeout.toMillis(), remainingMillis()));
            try {
                socket = connector.connect(new InetSocketAddress(address, port), millis);
                key = keyFor(address);
                break;
            } catch (IOException e) {
                last = e;
            }
        }
        if (socket == null) {
            if (last instanceof SocketTimeoutException) {
                throw new McpOAuthException(ErrorCode.TIMEOUT, "`" + HttpTransport.originOf(uri)
                        + "` did not accept a connection within " + connectTimeout.toSeconds() + " s", last);
            }
            if (last instanceof ConnectException) {
                throw new McpOAuthException(ErrorCode.UNREACHABLE,
                        "cannot connect to `" + HttpTransport.originOf(uri) + "` (connection refused)", last);
            }
            throw last != null ? last : new IOException("no address to connect to");
        }
        socket.setTcpNoDelay(true);
        if (https) {
            String host = hostWithoutBrackets(uri);
            SSLSocket ssl = (SSLSocket) tls.createSocket(socket, host, port, true);
            SSLParameters parameters = ssl.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            if (!isIpLiteral(host)) {
                try {
                    parameters.setServerNames(List.of(new SNIHostName(host)));
                } catch (IllegalArgumentException notAnSniName) {
                    // e.g. a trailing dot: no SNI; the certificate is still checked against the host
                }
            }
            ssl.setSSLParameters(parameters);
            socket = ssl;
            socket.setSoTimeout(timeoutForNextRead());
            ssl.startHandshake();
        }
        in = socket.getInputStream();
    }

    // ---- request ----

    private void writeRequest(boolean keepAlive) throws IOException {
        URI uri = call.uri();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        StringBuilder head = new StringBuilder(256);
        head.append(call.method()).append(' ').append(target).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(uri.getHost()).append(uri.getPort() == -1 ? "" : ":" + uri.getPort()).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        byte[] body = call.body();
        if (body != null || !call.method().equals("GET") && !call.method().equals("HEAD")) {
            head.append("Content-Length: ").append(body == null ? 0 : body.length).append("\r\n");
        }
        head.append(keepAlive ? "\r\n" : "Connection: close\r\n\r\n");
        socket.setSoTimeout(timeoutForNextRead());
        OutputStream out = socket.getOutputStream();
        out.write(head.toString().getBytes(StandardCharsets.UTF_8));
        if (body != null) {
            out.write(body);
        }
        out.flush();
    }

    /** Rejects a header that could split the request (CR, LF, NUL) or is not a token name. */
    static void validateHeader(String name, String value) {
        boolean validName = !name.isEmpty();
        for (int i = 0; validName && i < name.length(); i++) {
            char c = name.charAt(i);
            validName = c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
        }
        if (!validName) {
            throw new McpOAuthException(ErrorCode.INVALID_INPUT, "invalid HTTP header name `" + name + "`");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                throw new McpOAuthException(ErrorCode.INVALID_INPUT,
                        "the value of HTTP header `" + name + "` contains a line break or NUL");
            }
        }
    }

    // ---- response ----

    private HttpResult readResponse() throws IOException {
        int headBytes = 0;
        for (int interim = 0; ; interim++) {
            String statusLine = readLine(headBytes);
            headBytes += statusLine.length() + 2;
            int status = parseStatus(statusLine);
            http11 = statusLine.startsWith("HTTP/1.1 ");
            Map<String, List<String>> responseHeaders = new TreeMap<>();
            for (String line = readLine(headBytes); !line.isEmpty(); line = readLine(headBytes)) {
                headBytes += line.length() + 2;
                addHeader(responseHeaders, line);
            }
            if (status >= 100 && status < 200) {
                if (status == 101 || interim >= MAX_INTERIM_RESPONSES) {
                    throw malformed("answered with HTTP " + status + ", which this client never asks for");
                }
                continue;
            }
            byte[] body = readBody(status, responseHeaders);
            Map<String, List<String>> frozen = new TreeMap<>();
            responseHeaders.forEach((name, values) -> frozen.put(name, List.copyOf(values)));
            return new HttpResult(status, call.uri(), Map.copyOf(frozen), body);
        }
    }

    private static int parseStatus(String line) {
        // HTTP-version SP status-code SP [reason-phrase]
        if (line.length() < 12 || !line.startsWith("HTTP/1.") || line.charAt(8) != ' '
                || (line.length() > 12 && line.charAt(12) != ' ')) {
            throw new McpOAuthException(ErrorCode.MALFORMED_RESPONSE, "the server did not send an HTTP/1.x status line");
        }
        int status = 0;
        for (int i = 9; i < 12; i++) {
            char c = line.charAt(i);
            if (c < '0' || c > '9') {
                throw new McpOAuthException(ErrorCode.MALFORMED_RESPONSE, "the server sent an invalid HTTP status code");
            }
            status = status * 10 + (c - '0');
        }
        if (status < 100) {
            throw new McpOAuthException(ErrorCode.MALFORMED_RESPONSE, "the server sent an invalid HTTP status code");
        }
        return status;
    }

    private void addHeader(Map<String, List<String>> responseHeaders, String line) {
        int colon = line.indexOf(':');
        if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t') {
            throw malformed("sent an invalid header line");
        }
        String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!name.strip().equals(name)) {
            throw malformed("sent a header name with white space");
        }
        String value = line.substring(colon + 1).strip();
        responseHeaders.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }

    private byte[] readBody(int status, Map<String, List<String>> responseHeaders) throws IOException {
        if (call.method().equals("HEAD") || status == 204 || status == 304) {
            delimited = true;
            return new byte[0];
        }
        List<String> transferEncoding = responseHeaders.getOrDefault("transfer-encoding", List.of());
        if (!transferEncoding.isEmpty()) {
            String codings = String.join(",", transferEncoding).toLowerCase(Locale.ROOT);
            String[] parts = codings.split(",");
            if (parts[parts.length - 1].strip().equals("chunked")) {
                byte[] body = readChunked();
                delimited = true;
                return body;
            }
            return readUntilClose();
        }
        List<String> lengths = responseHeaders.getOrDefault("content-length", List.of());
        if (!lengths.isEmpty()) {
            byte[] body = readFixed(contentLength(lengths));
            delimited = true;
            return body;
        }
        return readUntilClose();
    }

    private long contentLength(List<String> values) {
        long length = -1;
        for (String value : String.join(",", values).split(",")) {
            String v = value.strip();
            if (v.isEmpty() || v.length() > 18 || !v.chars().allMatch(Character::isDigit)) {
                throw malformed("sent an invalid Content-Length");
            }
            long parsed = Long.parseLong(v);
            if (length != -1 && parsed != length) {
                throw malformed("sent conflicting Content-Length values");
            }
            length = parsed;
        }
        return length;
    }

    private byte[] readFixed(long length) throws IOException {
        if (length > maxBodyBytes) {
            throw tooLarge();
        }
        byte[] body = new byte[(int) length];
        int filled = 0;
        while (filled < length) {
            int n = read(body, filled, (int) length - filled);
            if (n < 0) {
                throw new IOException("the connection closed after " + filled + " of " + length + " body bytes");
            }
            filled += n;
        }
        return body;
    }

    private byte[] readUntilClose() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        for (int n = read(chunk, 0, chunk.length); n >= 0; n = read(chunk, 0, chunk.length)) {
            if (body.size() + n > maxBodyBytes) {
                throw tooLarge();
            }
            body.write(chunk, 0, n);
        }
        return body.toByteArray();
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int lineBytes = 0;
        while (true) {
            String sizeLine = readLine(0);
            lineBytes += sizeLine.length() + 2;
            if (lineBytes > MAX_HEAD_BYTES + maxBodyBytes) {
                throw tooLarge();
            }
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).strip();
            if (hex.isEmpty() || hex.length() > 8 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw malformed("sent an invalid chunk size");
            }
            long size = Long.parseLong(hex, 16);
            if (size == 0) {
                int trailerBytes = 0;
                for (String trailer = readLine(0); !trailer.isEmpty(); trailer = readLine(trailerBytes)) {
                    trailerBytes += trailer.length() + 2;
                }
                return body.toByteArray();
            }
            if (body.size() + size > maxBodyBytes) {
                throw tooLarge();
            }
            byte[] data = readFixed(size);
            body.write(data, 0, data.length);
            if (!readLine(0).isEmpty()) {
                throw malformed("sent a chunk longer than its size");
            }
        }
    }

    // ---- bounded reading ----

    /** One CRLF- (or LF-) terminated line as ISO-8859-1, without the terminator. */
    private String readLine(int headBytesSoFar) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            if (position == limit && !fill()) {
                throw new IOException("the connection closed in the middle of the response head");
            }
            byte b = buffer[position++];
            if (b == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            line.append((char) (b & 0xff));
            if (headBytesSoFar + line.length() > MAX_HEAD_BYTES) {
                throw new McpOAuthException(ErrorCode.RESPONSE_TOO_LARGE, "`" + call.uri()
                        + "` sent a response head (status line, headers, chunk lines) over " + MAX_HEAD_BYTES + " bytes");
            }
        }
    }

    private int read(byte[] target, int offset, int length) throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        int n = Math.min(length, limit - position);
        System.arraycopy(buffer, position, target, offset, n);
        position += n;
        return n;
    }

    private boolean fill() throws IOException {
        socket.setSoTimeout(timeoutForNextRead());
        int n = in.read(buffer, 0, buffer.length);
        if (n < 0) {
            return false;
        }
        responseStarted = true;
        position = 0;
        limit = n;
        return true;
    }

    /** What is left of the deadline, for the next blocking operation; a timeout when nothing is. */
    private int timeoutForNextRead() throws SocketTimeoutException {
        long remaining = remainingMillis();
        if (remaining <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        return (int) Math.min(Integer.MAX_VALUE, remaining);
    }

    private long remainingMillis() {
        return TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    }

    private McpOAuthException tooLarge() {
        return new McpOAuthException(ErrorCode.RESPONSE_TOO_LARGE,
                "`" + call.uri() + "` sent more than " + maxBodyBytes + " bytes");
    }

    private McpOAuthException malformed(String what) {
        return new McpOAuthException(ErrorCode.MALFORMED_RESPONSE, "`" + call.uri() + "` " + what);
    }

    private void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a socket we are done with
            }
        }
    }

    static String hostWithoutBrackets(URI uri) {
        String host = uri.getHost();
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    static boolean isIpLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            return true;
        }
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }
}

package dev.mcpoauth.cimdhost;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpoauth.http.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.net.ssl.SSLContext;

/** Real HTTP(S) requests to a host under test: the JDK client, or a raw socket for what it will not send. */
final class TestHttp {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private TestHttp() {
    }

    /** A response: status, lower-cased headers, body. */
    record Response(int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        ObjectNode json() {
            return Json.parseObject(body, "response");
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    static Response get(String url) throws IOException, InterruptedException {
        return send(HttpClient.newBuilder().connectTimeout(TIMEOUT).build(), "GET", url);
    }

    static Response get(SSLContext tls, String url) throws IOException, InterruptedException {
        return send(HttpClient.newBuilder().connectTimeout(TIMEOUT).sslContext(tls).build(), "GET", url);
    }

    static Response send(HttpClient client, String method, String url) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        Map<String, String> headers = new TreeMap<>();
        response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        return new Response(response.statusCode(), headers, response.body());
    }

    /** Sends the request line and headers exactly as given over plain HTTP/1.1 and reads until close. */
    static Response raw(int port, String method, String target, String hostHeader) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + target + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.ISO_8859_1);
            int split = text.indexOf("\r\n\r\n");
            String head = split < 0 ? text : text.substring(0, split);
            String[] lines = head.split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new TreeMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
            byte[] body = split < 0 ? new byte[0] : text.substring(split + 4).getBytes(StandardCharsets.ISO_8859_1);
            return new Response(status, headers, body);
        }
    }
}

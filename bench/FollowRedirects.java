import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Approves a test-server login the way a browser would: GET the authorization URL and follow the
 * redirects to the CLI's loopback callback. Run as a source file: {@code java bench/FollowRedirects.java URL}.
 */
public class FollowRedirects {
    public static void main(String[] args) throws Exception {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.ALWAYS).build();
        HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create(args[0])).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 200) {
            System.err.println("FollowRedirects: HTTP " + response.statusCode() + " from " + response.uri());
            System.exit(1);
        }
    }
}

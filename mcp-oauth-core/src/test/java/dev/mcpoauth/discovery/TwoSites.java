package dev.mcpoauth.discovery;

import dev.mcpoauth.discovery.RecordingSite.Received;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Two real local sites for a discovery test, one playing the MCP server ({@code /public/mcp}) and
 * one the authorization server, logging every request they receive to one list.
 */
abstract class TwoSites {
    final List<Received> received = new CopyOnWriteArrayList<>();
    RecordingSite mcp;
    RecordingSite auth;

    @BeforeEach
    void startSites() throws Exception {
        mcp = new RecordingSite(received);
        auth = new RecordingSite(received);
    }

    @AfterEach
    void stopSites() {
        mcp.close();
        auth.close();
    }

    /** The MCP server's URL. */
    URI server() {
        return URI.create(mcp.url("/public/mcp"));
    }
}

package dev.mcpoauth.appserver.protocol;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * Result of {@code mcpServerStatus/list}: one page of servers, ordered by name.
 *
 * @param data       the servers on this page
 * @param nextCursor the cursor for the next page, or {@code null} on the last page (sent as {@code null})
 */
@JsonClassDescription("Result of `mcpServerStatus/list`: one page of configured servers, ordered by name.")
public record ListMcpServerStatusResponse(
        @JsonProperty(required = true) List<McpServerStatus> data,
        @JsonInclude(JsonInclude.Include.ALWAYS)
        @JsonPropertyDescription("Opaque cursor to pass to the next call to continue after the last item. "
                + "Null when there are no more items.")
        String nextCursor) {

    public ListMcpServerStatusResponse {
        data = List.copyOf(data);
    }
}

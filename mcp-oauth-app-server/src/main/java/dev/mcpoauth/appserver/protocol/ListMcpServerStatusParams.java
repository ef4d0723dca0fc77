package dev.mcpoauth.appserver.protocol;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * Params of {@code mcpServerStatus/list}. Both may be omitted (and {@code params} itself too).
 *
 * @param cursor the previous page's {@code nextCursor}, or {@code null} for the first page
 * @param limit  the page size, or {@code null} for all remaining servers
 */
@JsonClassDescription("Params of `mcpServerStatus/list`.")
public record ListMcpServerStatusParams(
        @JsonPropertyDescription("Opaque cursor returned as `nextCursor` by the previous call; absent for the first page.")
        String cursor,
        @JsonPropertyDescription("Largest number of servers to return (at least 1); absent for all remaining.")
        Integer limit) {
}

package dev.mcpoauth.appserver.protocol;

import java.util.List;

/**
 * The methods of the app server protocol and the records that carry their params and results.
 *
 * <pre>{@code
 * {"id":1,"method":"mcpServer/oauth/login","params":{"name":"docs"}}
 * {"jsonrpc":"2.0","id":1,"result":{"authorizationUrl":"https://auth.example.com/authorize?..."}}
 * {"jsonrpc":"2.0","method":"mcpServer/oauthLogin/completed","params":{"name":"docs","success":true}}
 * }</pre>
 */
public final class Methods {
    /** Version of this protocol; it changes only when a message changes incompatibly. */
    public static final String PROTOCOL_VERSION = "1";

    public static final String INITIALIZE = "initialize";
    public static final String OAUTH_LOGIN = "mcpServer/oauth/login";
    public static final String OAUTH_LOGOUT = "mcpServer/oauth/logout";
    public static final String SERVER_STATUS_LIST = "mcpServerStatus/list";
    public static final String CONFIG_RELOAD = "config/mcpServer/reload";
    /** Notification sent once per login that answered with an authorization URL. */
    public static final String OAUTH_LOGIN_COMPLETED = "mcpServer/oauthLogin/completed";

    /**
     * One method.
     *
     * @param name   the JSON-RPC method name
     * @param params the params record, or {@code null} when the method takes none
     * @param result the result record, or {@code null} for a notification
     */
    public record Method(String name, Class<?> params, Class<?> result) {
    }

    /** The requests a client may send, in documentation order. */
    public static final List<Method> REQUESTS = List.of(
            new Method(INITIALIZE, InitializeParams.class, InitializeResponse.class),
            new Method(OAUTH_LOGIN, McpServerOauthLoginParams.class, McpServerOauthLoginResponse.class),
            new Method(OAUTH_LOGOUT, McpServerOauthLogoutParams.class, McpServerOauthLogoutResponse.class),
            new Method(SERVER_STATUS_LIST, ListMcpServerStatusParams.class, ListMcpServerStatusResponse.class),
            new Method(CONFIG_RELOAD, null, McpServerRefreshResponse.class));

    /** The notifications the server sends. */
    public static final List<Method> NOTIFICATIONS = List.of(
            new Method(OAUTH_LOGIN_COMPLETED, McpServerOauthLoginCompletedNotification.class, null));

    /** Every top-level protocol type, as the generated artifacts list them. */
    public static final List<Class<?>> TYPES = List.of(
            InitializeParams.class, InitializeResponse.class,
            McpServerOauthLoginParams.class, McpServerOauthLoginResponse.class,
            McpServerOauthLoginCompletedNotification.class,
            McpServerOauthLogoutParams.class, McpServerOauthLogoutResponse.class,
            ListMcpServerStatusParams.class, ListMcpServerStatusResponse.class,
            McpServerRefreshResponse.class, ErrorData.class);

    private Methods() {
    }

    /** Names of {@link #REQUESTS}. */
    public static List<String> requestNames() {
        return REQUESTS.stream().map(Method::name).toList();
    }

    /** Names of {@link #NOTIFICATIONS}. */
    public static List<String> notificationNames() {
        return NOTIFICATIONS.stream().map(Method::name).toList();
    }
}

package dev.mcpoauth.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import dev.mcpoauth.ResourceUri;
import dev.mcpoauth.http.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file behind a {@link DiscoveryCache} built with a path, so that discovery results outlive
 * the process (one CLI command is one process). It holds public metadata only (no token, no client
 * secret), as JSON, written to a temporary file and renamed into place (mode 0600 on POSIX). A
 * file that cannot be read is ignored and replaced; a write that fails leaves the old file and is
 * logged at debug level: the cache is an optimisation, never a reason for a login to fail. Every
 * document is parsed again on load as it was when fetched, and expired entries are dropped.
 */
final class DiscoveryCacheFile {
    private static final Logger LOG = LoggerFactory.getLogger(DiscoveryCacheFile.class);
    static final int VERSION = 1;
    private static final String TEMP_PREFIX = ".discovery-cache";
    private static final String TEMP_SUFFIX = ".tmp";
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Path file;

    DiscoveryCacheFile(Path file) {
        this.file = file;
    }

    /** Loads fresh entries into the maps; a missing or unreadable file loads nothing. */
    void load(Instant now, Map<DiscoveryCache.ServerKey, DiscoveryCache.ServerEntry> servers,
              Map<DiscoveryCache.IssuerKey, DiscoveryCache.IssuerEntry> issuers) {
        removeLeftovers();
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            ObjectNode root = Json.parseObject(Files.readAllBytes(file), file.toString());
            if (root.path("version").asInt() != VERSION) {
                return;
            }
            for (JsonNode node : root.path("issuers")) {
                Instant expires = Instant.parse(node.path("expires").asText());
                if (!now.isBefore(expires)) {
                    continue;
                }
                String issuer = node.path("issuer").asText();
                URI url = URI.create(node.path("url").asText());
                AuthorizationServerMetadata metadata = AuthorizationDiscovery.parseMetadata(
                        (ObjectNode) node.path("metadata"), url.toString());
                issuers.put(new DiscoveryCache.IssuerKey(issuer, node.path("legacy").asBoolean()),
                        new DiscoveryCache.IssuerEntry(url, metadata, node.path("statedIssuer").asText(), expires));
            }
            for (JsonNode node : root.path("servers")) {
                Instant expires = Instant.parse(node.path("expires").asText());
                if (!now.isBefore(expires)) {
                    continue;
                }
                URI serverUrl = URI.create(node.path("serverUrl").asText());
                String expected = node.hasNonNull("expectedResource") ? node.get("expectedResource").asText() : null;
                ServerAuthorization.Source source = ServerAuthorization.Source.valueOf(node.path("source").asText());
                List<String> scopes = new ArrayList<>();
                node.path("challengeScopes").forEach(scope -> scopes.add(scope.asText()));
                String issuer = node.path("issuer").asText();
                URI prmUrl = node.hasNonNull("prmUrl") ? URI.create(node.get("prmUrl").asText()) : null;
                ProtectedResourceMetadata prm = node.hasNonNull("prm")
                        ? ProtectedResourceMetadata.parse((ObjectNode) node.get("prm"), String.valueOf(prmUrl)) : null;
                ServerAuthorization defaults = null;
                if (source == ServerAuthorization.Source.LEGACY_DEFAULT_ENDPOINTS) {
                    AuthorizationServerMetadata metadata = AuthorizationDiscovery.parseMetadata(
                            (ObjectNode) node.path("defaultMetadata"), file.toString());
                    defaults = new ServerAuthorization(serverUrl, ResourceUri.of(serverUrl), null, metadata, issuer,
                            scopes, source, List.of());
                }
                servers.put(new DiscoveryCache.ServerKey(serverUrl.toString(), expected),
                        new DiscoveryCache.ServerEntry(prmUrl, prm, issuer, scopes, source, defaults, expires));
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Ignoring the discovery cache {}: {}", file, e.toString());
            servers.clear();
            issuers.clear();
        }
    }

    /** Writes the entries; failures are logged, not thrown. */
    void save(Map<DiscoveryCache.ServerKey, DiscoveryCache.ServerEntry> servers,
              Map<DiscoveryCache.IssuerKey, DiscoveryCache.IssuerEntry> issuers) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("version", VERSION);
        ArrayNode serverNodes = root.putArray("servers");
        servers.forEach((key, entry) -> {
            ObjectNode node = serverNodes.addObject();
            node.put("serverUrl", key.serverUrl());
            node.put("expectedResource", key.expectedResource());
            node.put("source", entry.source().name());
            node.put("issuer", entry.issuer());
            ArrayNode scopes = node.putArray("challengeScopes");
            entry.challengeScopes().forEach(scopes::add);
            node.put("prmUrl", entry.prmUrl() == null ? null : entry.prmUrl().toString());
            if (entry.prm() != null) {
                node.set("prm", entry.prm().json());
            }
            if (entry.defaults() != null) {
                node.set("defaultMetadata", metadataJson(entry.defaults().metadata()));
            }
            node.put("expires", entry.expires().toString());
        });
        ArrayNode issuerNodes = root.putArray("issuers");
        issuers.forEach((key, entry) -> {
            ObjectNode node = issuerNodes.addObject();
            node.put("issuer", key.issuer());
            node.put("legacy", key.legacy());
            node.put("url", entry.url().toString());
            node.put("statedIssuer", entry.statedIssuer());
            node.set("metadata", metadataJson(entry.metadata()));
            node.put("expires", entry.expires().toString());
        });
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null && !Files.isDirectory(dir)) {
                Files.createDirectories(dir, attributes("rwx------"));
            }
            Path temp = Files.createTempFile(dir, TEMP_PREFIX, TEMP_SUFFIX, attributes("rw-------"));
            try {
                Files.write(temp, Json.MAPPER.writeValueAsString(root).getBytes(StandardCharsets.UTF_8));
                try {
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Could not write the discovery cache {}: {}", file, e.toString());
        }
    }

    /**
     * Deletes temporary files a killed process left behind. One another process is writing at this
     * moment may go too; its rename then fails and it logs that, which costs it nothing.
     */
    private void removeLeftovers() {
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return;
        }
        try (var leftovers = Files.newDirectoryStream(dir, TEMP_PREFIX + "*" + TEMP_SUFFIX)) {
            for (Path leftover : leftovers) {
                Files.deleteIfExists(leftover);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Could not remove temporary discovery cache files in {}: {}", dir, e.toString());
        }
    }

    private static ObjectNode metadataJson(AuthorizationServerMetadata metadata) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(metadata.toJSONObject().toJSONString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize authorization server metadata", e);
        }
    }

    private static FileAttribute<?>[] attributes(String mode) {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode))}
                : new FileAttribute<?>[0];
    }
}

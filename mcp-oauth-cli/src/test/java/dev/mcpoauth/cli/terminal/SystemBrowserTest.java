package dev.mcpoauth.cli.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the system browser is chosen and started; real processes, no mocks. */
class SystemBrowserTest {
    private static final URI URL = URI.create("https://auth.example.com/authorize?client_id=a&state=b");

    @TempDir
    Path dir;

    /** A script that records its arguments, standing in for a browser. */
    private Path recordingBrowser(int exitStatus) throws IOException {
        Path script = dir.resolve("browser.sh");
        Files.writeString(script, "#!/bin/sh\nprintf '%s\\n' \"$@\" > " + dir.resolve("opened.txt") + "\nexit " + exitStatus + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    @Nested
    class WithTheBrowserVariable {
        @Test
        void runsItWithTheUrlAppended() throws IOException {
            Path script = recordingBrowser(0);
            new SystemBrowser(Map.of("BROWSER", script.toString()), "Linux").open(URL);
            assertThat(Files.readAllLines(dir.resolve("opened.txt"))).containsExactly(URL.toString());
        }

        @Test
        void replacesPercentSWithTheUrl() throws IOException {
            Path script = recordingBrowser(0);
            new SystemBrowser(Map.of("BROWSER", script + " --new-tab=%s --flag"), "Linux").open(URL);
            assertThat(Files.readAllLines(dir.resolve("opened.txt"))).containsExactly("--new-tab=" + URL, "--flag");
        }

        @Test
        void triesTheNextCommandWhenOneIsMissing() throws IOException {
            Path script = recordingBrowser(0);
            new SystemBrowser(Map.of("BROWSER", "/nonexistent/browser:" + script), "Linux").open(URL);
            assertThat(Files.readAllLines(dir.resolve("opened.txt"))).containsExactly(URL.toString());
        }

        @Test
        void reportsAMissingCommand() {
            assertThatThrownBy(() -> new SystemBrowser(Map.of("BROWSER", "/nonexistent/browser"), "Linux").open(URL))
                    .isInstanceOf(BrowserLauncher.BrowserLaunchException.class)
                    .hasMessage("cannot run `/nonexistent/browser` (not installed)");
        }

        @Test
        void reportsAFailingCommand() throws IOException {
            Path script = recordingBrowser(3);
            assertThatThrownBy(() -> new SystemBrowser(Map.of("BROWSER", script.toString()), "Linux").open(URL))
                    .isInstanceOf(BrowserLauncher.BrowserLaunchException.class)
                    .hasMessage("`" + script + "` exited with status 3");
        }
    }

    @Nested
    class WithoutIt {
        @Test
        void usesOpenOnMacOs() {
            assertThat(new SystemBrowser(Map.of(), "Mac OS X").platformCommand("u")).containsExactly("open", "u");
        }

        @Test
        void usesRundll32OnWindows() {
            assertThat(new SystemBrowser(Map.of(), "Windows 11").platformCommand("u"))
                    .containsExactly("rundll32", "url.dll,FileProtocolHandler", "u");
        }

        @Test
        void usesXdgOpenInAGraphicalSession() {
            assertThat(new SystemBrowser(Map.of("DISPLAY", ":0"), "Linux").platformCommand("u")).containsExactly("xdg-open", "u");
            assertThat(new SystemBrowser(Map.of("WAYLAND_DISPLAY", "wayland-0"), "Linux").platformCommand("u"))
                    .isEqualTo(List.of("xdg-open", "u"));
        }

        @Test
        void refusesWithoutAGraphicalSessionSoNoTextBrowserTakesOverTheTerminal() {
            assertThatThrownBy(() -> new SystemBrowser(Map.of(), "Linux").open(URL))
                    .isInstanceOf(BrowserLauncher.BrowserLaunchException.class)
                    .hasMessage("no graphical session here (DISPLAY and WAYLAND_DISPLAY are unset)");
        }
    }
}

package dev.mcpoauth.mcpsdk;

import java.awt.Desktop;
import java.awt.GraphicsEnvironment;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens a URL in the desktop browser when there is one; otherwise does nothing (the URL was printed). */
final class BrowserOpener {
    private static final Logger LOG = LoggerFactory.getLogger(BrowserOpener.class);

    private BrowserOpener() {
    }

    static void open(URI url) {
        try {
            if (!GraphicsEnvironment.isHeadless() && Desktop.isDesktopSupported()
                    && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
                Desktop.getDesktop().browse(url);
            }
        } catch (Exception | LinkageError e) {
            // No browser here (a server, a container): the printed URL is the way in.
            LOG.debug("Could not open a browser: {}", e.toString());
        }
    }
}

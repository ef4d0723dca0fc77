package dev.mcpoauth.cli;

/**
 * One finding of {@code mcp-oauth doctor} after discovery.
 *
 * @param level   how it affects a login
 * @param topic   what was checked, e.g. "PKCE" or "client identity"
 * @param message what was found, one sentence
 * @param fix     what to do, or {@code null} when nothing is needed
 * @param code    the error code a login would fail with, or {@code null}
 */
record DoctorCheck(Level level, String topic, String message, String fix, String code) {
    enum Level {
        OK("ok"),
        WARN("warn"),
        FAIL("fail");

        private final String label;

        Level(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    static DoctorCheck ok(String topic, String message) {
        return new DoctorCheck(Level.OK, topic, message, null, null);
    }

    static DoctorCheck warn(String topic, String message, String fix) {
        return new DoctorCheck(Level.WARN, topic, message, fix, null);
    }

    static DoctorCheck fail(String topic, String message, String fix, String code) {
        return new DoctorCheck(Level.FAIL, topic, message, fix, code);
    }
}

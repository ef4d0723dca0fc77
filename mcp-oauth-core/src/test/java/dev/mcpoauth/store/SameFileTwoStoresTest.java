package dev.mcpoauth.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two store instances on one file in one JVM (a host that opens the store twice) wait for each other. */
class SameFileTwoStoresTest {
    @TempDir
    Path home;

    @Test
    void twoInstancesOnOneFileSerialiseInsteadOfFailing() throws Exception {
        FileCredentialStore first = FileCredentialStore.inHome(home);
        FileCredentialStore second = FileCredentialStore.inHome(home);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> writes = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            FileCredentialStore store = i % 2 == 0 ? first : second;
            String name = "s" + i;
            writes.add(pool.submit(() -> store.save(CredentialsWriter.entry(new ServerKey(name, "https://mcp.example.com/" + name), 1, 5))));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        for (Future<?> write : writes) {
            write.get(); // rethrows, e.g. an OverlappingFileLockException
        }
        assertThat(FileCredentialStore.inHome(home).list()).hasSize(40);
    }
}

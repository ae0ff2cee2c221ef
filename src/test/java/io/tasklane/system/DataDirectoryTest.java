package io.tasklane.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryTest {
  @Test
  void a_new_data_directory_is_created_for_its_owner_only(@TempDir Path parent) throws Exception {
    Path dir = DataDirectory.create(parent.resolve("a/data"));

    assertTrue(Files.isDirectory(dir));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
  }

  @Test
  void files_left_readable_by_others_are_narrowed_to_the_owner(@TempDir Path parent)
      throws Exception {
    Path dir = Files.createDirectory(parent.resolve("data"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path db = Files.createFile(dir.resolve("tasklane.mv.db"));
    Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r--r--"));
    Path nested = Files.createDirectory(dir.resolve("models"));
    Path model = Files.createFile(nested.resolve("m.ubj"));

    DataDirectory.secure(dir);

    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(db)));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(nested)));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(model)));
  }

  @Test
  void the_directory_of_an_h2_file_url_is_found_and_memory_databases_have_none() {
    assertEquals(
        Optional.of(Path.of("data").toAbsolutePath()),
        DataDirectory.ofH2Url("jdbc:h2:file:data/tasklane;DB_CLOSE_ON_EXIT=FALSE")
            .map(Path::normalize));
    assertEquals(
        Optional.of(Path.of("/srv/tl")), DataDirectory.ofH2Url("jdbc:h2:/srv/tl/tasklane"));
    assertEquals(Optional.empty(), DataDirectory.ofH2Url("jdbc:h2:mem:test;DB_CLOSE_DELAY=-1"));
    assertEquals(Optional.empty(), DataDirectory.ofH2Url("jdbc:h2:tcp://db/tasklane"));
  }
}

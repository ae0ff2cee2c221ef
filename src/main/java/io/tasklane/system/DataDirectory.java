package io.tasklane.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The data directory holds the H2 database, the token signing key and whatever else must not be
 * read by other local accounts: the directory is 0700 and its files 0600. The directory's mode is
 * what protects files made later with the process umask (H2's trace and temporary files): others
 * cannot even traverse it. Modes of files left by older versions are corrected at every start.
 */
public final class DataDirectory {
  private static final Logger LOG = Logger.getLogger(DataDirectory.class.getName());
  static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
  static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private DataDirectory() {}

  /** Creates {@code dir} (and missing parents) if needed, owner-only from its first moment. */
  public static Path create(Path dir) {
    try {
      if (!Files.isDirectory(dir)) {
        if (posix()) {
          Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
        } else {
          Files.createDirectories(dir);
        }
      }
      if (posix()) {
        Files.setPosixFilePermissions(dir, DIRECTORY);
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the data directory " + dir, e);
    }
  }

  /**
   * Creates {@code dir} as {@link #create} does and narrows everything in it to the owner:
   * directories 0700, files 0600. Symbolic links are left alone (they may point outside).
   */
  public static void secure(Path dir) {
    create(dir);
    if (!posix()) {
      return;
    }
    try (Stream<Path> entries = Files.walk(dir)) {
      entries.forEach(DataDirectory::narrow);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the data directory " + dir, e);
    }
  }

  private static void narrow(Path entry) {
    try {
      if (Files.isSymbolicLink(entry)) {
        return;
      }
      boolean directory = Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS);
      Set<PosixFilePermission> wanted = directory ? DIRECTORY : FILE;
      if (!Files.getPosixFilePermissions(entry, LinkOption.NOFOLLOW_LINKS).equals(wanted)) {
        Files.setPosixFilePermissions(entry, wanted);
        LOG.info(() -> "Narrowed " + entry + " to " + PosixFilePermissions.toString(wanted));
      }
    } catch (IOException e) {
      // A file H2 removed meanwhile, or one owned by someone else: say so and keep starting.
      LOG.warning(() -> "Could not narrow the permissions of " + entry + ": " + e);
    }
  }

  /**
   * The directory of an embedded H2 file database ({@code jdbc:h2:file:./data/tasklane;...} or
   * {@code jdbc:h2:./data/tasklane}), empty for in-memory and server URLs.
   */
  static Optional<Path> ofH2Url(String url) {
    return h2Location(url).map(Path::getParent);
  }

  /** The file of an embedded H2 database, whether it exists yet or not. */
  static Optional<Path> h2File(String url) {
    return h2Location(url).map(p -> p.resolveSibling(p.getFileName() + ".mv.db"));
  }

  private static Optional<Path> h2Location(String url) {
    String rest = url.substring("jdbc:h2:".length());
    int options = rest.indexOf(';');
    String location = options < 0 ? rest : rest.substring(0, options);
    if (location.startsWith("file:")) {
      location = location.substring("file:".length());
    } else if (location.startsWith("mem:")
        || location.startsWith("tcp:")
        || location.startsWith("ssl:")
        || location.startsWith("zip:")) {
      return Optional.empty();
    }
    if (location.startsWith("~")) {
      location = System.getProperty("user.home") + location.substring(1);
    }
    Path path = Path.of(location).toAbsolutePath();
    return path.getParent() == null ? Optional.empty() : Optional.of(path);
  }

  private static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }
}

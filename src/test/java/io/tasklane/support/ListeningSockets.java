package io.tasklane.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The TCP sockets a process listens on, read from Linux's /proc: its descriptors name socket
 * inodes, /proc/net/tcp and tcp6 map listening inodes to local addresses.
 */
public final class ListeningSockets {
  private ListeningSockets() {}

  /** One listening socket: the local address and port. */
  public record Socket(InetAddress address, int port) {}

  public static List<Socket> of(long pid) throws IOException {
    Set<Long> inodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
      for (Path fd : fds.toList()) {
        String target;
        try {
          target = Files.readSymbolicLink(fd).toString();
        } catch (IOException closedMeanwhile) {
          continue;
        }
        if (target.startsWith("socket:[")) {
          inodes.add(Long.parseLong(target.substring(8, target.length() - 1)));
        }
      }
    }
    List<Socket> sockets = new ArrayList<>();
    for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
      List<String> lines = Files.readAllLines(Path.of(table));
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.trim().split("\\s+");
        boolean listening = f[3].equals("0A"); // TCP_LISTEN
        if (listening && inodes.contains(Long.parseLong(f[9]))) {
          String[] local = f[1].split(":");
          sockets.add(new Socket(address(local[0]), Integer.parseInt(local[1], 16)));
        }
      }
    }
    return sockets;
  }

  /** The kernel prints each 32-bit word of an address in host (little-endian) byte order. */
  static InetAddress address(String hex) throws UnknownHostException {
    byte[] bytes = new byte[hex.length() / 2];
    for (int word = 0; word < bytes.length / 4; word++) {
      for (int b = 0; b < 4; b++) {
        int at = word * 8 + (3 - b) * 2;
        bytes[word * 4 + b] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
      }
    }
    return InetAddress.getByAddress(bytes);
  }
}

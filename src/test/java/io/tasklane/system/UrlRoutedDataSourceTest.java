package io.tasklane.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UrlRoutedDataSourceTest {
  @Test
  void h2_urls_get_commits_written_before_they_return() {
    assertEquals(
        "jdbc:h2:file:./data/t;WRITE_DELAY=0",
        UrlRoutedDataSource.durableH2("jdbc:h2:file:./data/t"));
    assertEquals(
        "jdbc:h2:mem:x;write_delay=100",
        UrlRoutedDataSource.durableH2("jdbc:h2:mem:x;write_delay=100"));
  }

  @Test
  void an_h2_url_opens_an_h2_database(@TempDir java.nio.file.Path dir) throws SQLException {
    UrlRoutedDataSource source = new UrlRoutedDataSource();
    source.setUrl("jdbc:h2:file:" + dir.toAbsolutePath() + "/db");
    source.setUser("sa");
    source.setPassword("pw");
    try (Connection connection = source.getConnection()) {
      assertEquals("H2", connection.getMetaData().getDatabaseProductName());
      try (var query =
          connection
              .createStatement()
              .executeQuery(
                  "select setting_value from information_schema.settings where setting_name = 'WRITE_DELAY'")) {
        assertTrue(query.next());
        assertEquals("0", query.getString(1));
      }
    }
  }

  @Test
  void an_unsupported_url_is_refused_with_a_clear_message() {
    UrlRoutedDataSource source = new UrlRoutedDataSource();
    source.setUrl("jdbc:mysql://localhost/x");
    SQLException e = assertThrows(SQLException.class, source::getConnection);
    assertTrue(e.getMessage().contains("use jdbc:h2:... or jdbc:postgresql:..."));
  }
}

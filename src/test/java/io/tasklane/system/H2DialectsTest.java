package io.tasklane.system;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import org.hibernate.dialect.Dialect;
import org.hibernate.dialect.H2Dialect;
import org.hibernate.engine.jdbc.dialect.spi.DialectResolutionInfo;
import org.hibernate.type.SqlTypes;
import org.junit.jupiter.api.Test;

class H2DialectsTest {
  /** What a JDBC driver reports of its database, as Hibernate's detection sees it. */
  private static DialectResolutionInfo database(String name, int major, int minor) {
    return (DialectResolutionInfo)
        Proxy.newProxyInstance(
            DialectResolutionInfo.class.getClassLoader(),
            new Class<?>[] {DialectResolutionInfo.class},
            (proxy, method, args) ->
                method.isDefault()
                    ? java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args)
                    : switch (method.getName()) {
                      case "getDatabaseName" -> name;
                      case "getDatabaseVersion" -> major + "." + minor + ".224";
                      case "getDatabaseMajorVersion", "getDriverMajorVersion" -> major;
                      case "getDatabaseMinorVersion", "getDriverMinorVersion" -> minor;
                      case "getDatabaseMicroVersion" -> 224;
                      case "getDriverName" -> name + " JDBC Driver";
                      default -> {
                        Class<?> type = method.getReturnType();
                        yield type == int.class ? 0 : type == boolean.class ? false : null;
                      }
                    });
  }

  @Test
  void on_h2_the_schema_check_takes_a_large_object_for_the_text_the_mapping_names() {
    Dialect h2 = new H2Dialects().resolveDialect(database("H2", 2, 2));
    assertInstanceOf(H2Dialect.class, h2);
    assertTrue(h2.equivalentTypes(SqlTypes.VARCHAR, SqlTypes.CLOB));
    assertTrue(h2.equivalentTypes(SqlTypes.CLOB, SqlTypes.VARCHAR));
    // Nothing else is loosened.
    assertFalse(h2.equivalentTypes(SqlTypes.VARCHAR, SqlTypes.INTEGER));
    assertFalse(h2.equivalentTypes(SqlTypes.CLOB, SqlTypes.BLOB));
  }

  @Test
  void any_other_database_is_left_to_hibernates_own_detection() {
    assertNull(new H2Dialects().resolveDialect(database("PostgreSQL", 15, 0)));
  }
}

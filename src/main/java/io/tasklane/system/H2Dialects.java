package io.tasklane.system;

import org.hibernate.dialect.Dialect;
import org.hibernate.dialect.H2Dialect;
import org.hibernate.engine.jdbc.dialect.spi.DialectResolutionInfo;
import org.hibernate.engine.jdbc.dialect.spi.DialectResolver;
import org.hibernate.type.SqlTypes;

/**
 * Hibernate's dialect for H2, as detected, except that the schema check accepts a large object
 * where the mapping says varchar: on H2 a task's result is stored as one (migration V17 in {@code
 * db/vendor/h2}), so its row stays small, while the entity reads and writes it as text on both
 * databases. Named in persistence.xml ({@code hibernate.dialect_resolvers}); any other database is
 * left to Hibernate's own detection.
 */
public class H2Dialects implements DialectResolver {
  @Override
  public Dialect resolveDialect(DialectResolutionInfo info) {
    return "H2".equals(info.getDatabaseName()) ? new LargeTextH2Dialect(info) : null;
  }

  static final class LargeTextH2Dialect extends H2Dialect {
    LargeTextH2Dialect(DialectResolutionInfo info) {
      super(info);
    }

    @Override
    public boolean equivalentTypes(int typeCode1, int typeCode2) {
      return super.equivalentTypes(typeCode1, typeCode2)
          || textOrClob(typeCode1) && textOrClob(typeCode2);
    }

    private static boolean textOrClob(int typeCode) {
      return typeCode == SqlTypes.CLOB || SqlTypes.isVarcharType(typeCode);
    }
  }
}

package org.queueservice.schema.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.sql.Connection;
import java.util.UUID;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

class TenantContextTest {

    @Test
    void writesTheSettingThePoliciesReadAndNamesTheDefaultMaintenanceRole() {
        // The service's dependency carries no model, so the two names are written twice; this holds them equal.
        assertThat(TenantContext.SETTING).isEqualTo(org.queueservice.schema.model.TenantIsolation.SETTING);
        assertThat(TenantContext.DEFAULT_MAINTENANCE_ROLE).isEqualTo(org.queueservice.schema.model.DatabaseRoles.DEFAULT.maintenance());
    }

    /** Fails the test if anything asks it for a connection. */
    private static final DataSource UNTOUCHABLE = new DataSource() {
        @Override
        public Connection getConnection() {
            throw new AssertionError("the database was touched");
        }

        @Override
        public Connection getConnection(String user, String password) {
            throw new AssertionError("the database was touched");
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> iface) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    };

    private final TenantContext tenants = new TenantContext(UNTOUCHABLE);

    @Test
    void aNullTenantIsRejectedBeforeTheDatabaseIsTouched() {
        assertThatThrownBy(() -> tenants.inTenant((UUID) null, dsl -> 1))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("tenant id must not be null");
    }

    @Test
    void aMalformedTenantIsRejectedBeforeTheDatabaseIsTouched() {
        for (String malformed : new String[] {"acme", "", "1-2-3-4-5", "aaaaaaaa-0000-0000-0000-000000000001' or true --", null}) {
            assertThatThrownBy(() -> tenants.inTenant(malformed, dsl -> 1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("malformed tenant id '" + malformed + "': expected a UUID");
        }
    }

    @Test
    void parsesCanonicalUuidText() {
        assertThat(TenantContext.parseTenant("AAAAAAAA-0000-0000-0000-000000000001"))
                .isEqualTo(UUID.fromString("aaaaaaaa-0000-0000-0000-000000000001"));
    }
}

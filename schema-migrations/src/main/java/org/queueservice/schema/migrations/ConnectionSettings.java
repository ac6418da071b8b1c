package org.queueservice.schema.migrations;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.postgresql.Driver;
import org.postgresql.PGProperty;

/**
 * Where the database is and who connects. The password never appears in {@link #toString()}, nor does a
 * {@code password=} parameter of the URL: {@link #maskPasswords} hides it wherever a URL is printed.
 */
public record ConnectionSettings(String url, String user, String password) {

    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)([?&;]password=)[^&\\s)'\"]*");
    /** The servers of a URL, {@code host[:port][,host[:port]...]}, to check ports before pgjdbc logs about them. */
    private static final Pattern SERVERS = Pattern.compile("^jdbc:postgresql://([^/?]*)");

    public ConnectionSettings {
        Objects.requireNonNull(url, "url");
        if (url.isBlank()) {
            throw new IllegalArgumentException("the JDBC URL is empty (expected jdbc:postgresql://host:port/database)");
        }
        requireNumericPorts(url);
        if (Driver.parseURL(url, null) == null) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + maskPasswords(url)
                    + " (expected jdbc:postgresql://host:port/database)");
        }
    }

    /** {@code text} with the value of every {@code password=} URL parameter replaced by {@code ***}. */
    public static String maskPasswords(String text) {
        return text == null ? null : URL_PASSWORD.matcher(text).replaceAll("$1***");
    }

    /**
     * pgjdbc answers a port that is not a number with null and two java.util.logging lines on standard
     * error; saying which port is wrong, before it is asked, is both clearer and quiet.
     */
    private static void requireNumericPorts(String url) {
        Matcher servers = SERVERS.matcher(url);
        if (!servers.find()) {
            return;
        }
        for (String server : servers.group(1).split(",")) {
            int colon = server.lastIndexOf(':');
            String port = colon < 0 || server.endsWith("]") ? "" : server.substring(colon + 1);
            if (!port.isEmpty() && !port.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("the port of " + server + " in " + maskPasswords(url) + " is not a number");
            }
        }
    }

    public Connection open() throws SQLException {
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        return DriverManager.getConnection(url, properties);
    }

    /** The same servers, options and credentials, another database. */
    public ConnectionSettings withDatabase(String database) {
        Properties parsed = Driver.parseURL(url, null);
        String[] hosts = parsed.getProperty(PGProperty.PG_HOST.getName()).split(",");
        String[] ports = parsed.getProperty(PGProperty.PG_PORT.getName()).split(",");
        StringBuilder servers = new StringBuilder();
        for (int i = 0; i < hosts.length; i++) {
            servers.append(i == 0 ? "" : ",").append(hosts[i].contains(":") ? "[" + hosts[i] + "]" : hosts[i]).append(':').append(ports[i]);
        }
        int query = url.indexOf('?');
        return new ConnectionSettings("jdbc:postgresql://" + servers + "/" + URLEncoder.encode(database, StandardCharsets.UTF_8)
                + (query < 0 ? "" : url.substring(query)), user, password);
    }

    /** The database named in the URL, as pgjdbc reads it. */
    public String database() {
        return Driver.parseURL(url, null).getProperty(PGProperty.PG_DBNAME.getName());
    }

    @Override
    public String toString() {
        return maskPasswords(url) + (user == null ? "" : " as " + user);
    }
}

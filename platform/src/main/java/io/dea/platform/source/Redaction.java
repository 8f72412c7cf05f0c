package io.dea.platform.source;

import java.util.regex.Pattern;

/** Masks the credentials a URL may carry ({@code user:password@}, a password or token parameter) before it is written down. */
public final class Redaction {

    private static final Pattern USER_INFO = Pattern.compile("(?<=://)[^/@?#]+@");
    private static final Pattern SECRET_PARAM = Pattern.compile(
            "(?i)((?:password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|signature|sig|auth)[^=;&]*=)[^;&#]*");

    private Redaction() {
    }

    public static String url(String location) {
        if (location == null) {
            return null;
        }
        return SECRET_PARAM.matcher(USER_INFO.matcher(location).replaceAll("***@")).replaceAll("$1***");
    }
}

package org.homeport.security.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/** Component configurations for the tests of this package. */
public final class TestConfigs {
    private TestConfigs() {
    }

    /** A DS configuration annotation: the given values (by method name), the declared defaults for the rest. */
    @SuppressWarnings("unchecked")
    public static <T> T config(Class<T> type, Map<String, Object> values) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (values.containsKey(method.getName())) {
                return values.get(method.getName());
            }
            if (method.getName().equals("annotationType")) {
                return type;
            }
            return method.getDefaultValue();
        });
    }
}

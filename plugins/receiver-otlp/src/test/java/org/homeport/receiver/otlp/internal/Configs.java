package org.homeport.receiver.otlp.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/** A metatype {@link OtlpReceiver.Config} with its defaults and some settings overridden (keys are method names). */
final class Configs {
    private Configs() {
    }

    static OtlpReceiver.Config otlp(Map<String, Object> overrides) {
        return (OtlpReceiver.Config) Proxy.newProxyInstance(Configs.class.getClassLoader(),
                new Class<?>[] {OtlpReceiver.Config.class}, (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return OtlpReceiver.Config.class;
                    }
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("toString") ? "Config" : method.invoke(overrides, args);
                    }
                    return overrides.containsKey(method.getName()) ? overrides.get(method.getName())
                            : method.getDefaultValue();
                });
    }
}

package org.homeport.api.event;

/**
 * What sent an event: the product, its version and the device it runs on.
 *
 * @param product the product that phoned home, never blank
 * @param version the product version, may be {@code null}
 * @param device  a device identifier, may be {@code null}; it can identify a person, so
 *                anonymizers may replace or drop it
 */
public record Source(String product, String version, String device) {
    public Source {
        if (product == null || product.isBlank()) {
            throw new IllegalArgumentException("source.product must not be blank");
        }
    }

    public Source withDevice(String newDevice) {
        return new Source(product, version, newDevice);
    }
}

package dev.autobind.event;

/**
 * A resource as a kind extractor found it, every part already checked against its naming rules.
 *
 * @param fullName the Cloud Asset Inventory name, e.g. {@code //container.googleapis.com/projects/P/locations/L/clusters/C}
 */
record ResourceId(ResourceKind kind, String project, String location, String name, String fullName) {}

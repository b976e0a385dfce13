package dev.autobind.event;

import java.time.Instant;
import java.util.Optional;

/** What the envelope of a delivery says, apart from its payload: the event id, a fallback time and the path. */
record Delivery(String eventId, Optional<Instant> time, DeliveryPath path) {}

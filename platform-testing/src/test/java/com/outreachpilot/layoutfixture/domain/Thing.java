package com.outreachpilot.layoutfixture.domain;

import com.outreachpilot.layoutfixture.api.ThingView;

import java.time.Instant;

/** Breaks the rules on purpose: an entity that imports the api and reads the wall clock. */
@jakarta.persistence.Entity
public class Thing {

    public Instant at = Instant.now();

    public ThingView view() {
        return new ThingView(this);
    }
}

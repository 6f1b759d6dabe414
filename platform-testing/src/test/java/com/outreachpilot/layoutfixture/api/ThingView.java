package com.outreachpilot.layoutfixture.api;

import com.outreachpilot.layoutfixture.domain.Thing;
import com.outreachpilot.layoutfixture.repository.ThingRepository;

/** Breaks the rules on purpose: a response record holding an entity, a resource reaching a repository. */
public record ThingView(Thing thing) {

    public static ThingView load(ThingRepository repository) {
        return new ThingView(repository.find());
    }
}

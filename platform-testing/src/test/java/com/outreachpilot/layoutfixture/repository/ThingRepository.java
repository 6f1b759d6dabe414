package com.outreachpilot.layoutfixture.repository;

import com.outreachpilot.layoutfixture.domain.Thing;

public class ThingRepository {

    public Thing find() {
        return new Thing();
    }
}

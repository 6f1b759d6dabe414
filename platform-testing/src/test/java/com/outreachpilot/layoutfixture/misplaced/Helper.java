package com.outreachpilot.layoutfixture.misplaced;

/** Breaks the rules on purpose: a room the house does not have, and another service's class. */
public class Helper {

    public Object other() {
        return new com.outreachpilot.otherservice.domain.Foreign();
    }
}

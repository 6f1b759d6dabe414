package com.outreachpilot.platform.testing;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Stops the broker and the database when JUnit is done, while the JVM is still healthy, rather than in a
 * shutdown hook racing the broker's own.
 */
public class StopInfrastructureAfterTests implements LauncherSessionListener {

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        try {
            TestInfrastructure.stop();
        } catch (Throwable e) {
            // a failure here would fail the whole test run although every test passed
            System.err.println("Test infrastructure did not stop cleanly: " + e);
        }
    }
}

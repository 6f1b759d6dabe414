package com.outreachpilot.campaigns;

import com.outreachpilot.platform.testing.TestInfrastructure;
import com.outreachpilot.platform.testing.TestTokens;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** What the campaigns tests share: organizations, authenticated requests, ready-made campaigns, SQL. */
final class Campaigns {

    private Campaigns() {
    }

    static String newOrg() {
        return UUID.randomUUID().toString();
    }

    static RequestSpecification as(String org) {
        return given().header("Authorization", TestTokens.bearer(Set.of("campaigns-service", "contacts-service"), org))
                .contentType("application/json");
    }

    /** A campaign body with a sender and {@code steps} steps, each {@code delayMinutes} after the previous. */
    static String body(String name, int steps, int delayMinutes) {
        StringBuilder json = new StringBuilder("{\"name\":\"" + name + "\",\"sender\":{\"from_name\":\"Ann Seller\","
                + "\"from_email\":\"ann@seller.io\",\"reply_to\":\"replies@seller.io\"},\"steps\":[");
        for (int i = 0; i < steps; i++) {
            json.append(i == 0 ? "" : ",").append("{\"subject\":\"Step ").append(i + 1).append(" for {{first_name|there}}\",")
                    .append("\"body\":\"Hi {{first_name|there}} at {{company}}, step ").append(i + 1)
                    .append(" https://seller.io/offer/").append(i + 1).append("\",")
                    .append("\"html_body\":\"<p>Hi {{first_name|there}}, <a href=\\\"https://seller.io/offer/").append(i + 1)
                    .append("\\\">see step ").append(i + 1).append("</a></p>\",")
                    .append("\"delay\":{\"minutes\":").append(i == 0 ? 0 : delayMinutes).append("}}");
        }
        return json.append("]}").toString();
    }

    static String create(String org, String json) {
        return as(org).body(json).post("/api/v1/campaigns").then().statusCode(201).extract().path("data.id");
    }

    static String createActive(String org, int steps, int delayMinutes) {
        String id = create(org, body("Active campaign", steps, delayMinutes));
        as(org).post("/api/v1/campaigns/" + id + "/activate").then().statusCode(200);
        return id;
    }

    /** Seeds a contact in contacts-service (with a status) through its find-or-create and returns its id. */
    static String seedContact(String org, String email, String status) {
        String url = ConfigProvider.getConfig().getValue("campaigns.contacts-url", String.class);
        return given().header("Authorization", TestTokens.bearer("contacts-service", org)).contentType("application/json")
                .body("{\"email\":\"" + email + "\",\"first_name\":\"Seeded\",\"status\":\"" + status + "\"}")
                .post(url + "/internal/v1/contacts/find-or-create").then().statusCode(200).extract().path("data.contact.id");
    }

    /** The contact's {@code status} as contacts-service answers it (updated from campaigns' events). */
    static String contactStatus(String org, String contact) {
        return given().header("Authorization", TestTokens.bearer("contacts-service", org))
                .get(ContactsService.url() + "/api/v1/contacts/" + contact).then().statusCode(200)
                .extract().path("data.status");
    }

    static long count(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(TestInfrastructure.jdbcUrl());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void execute(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(TestInfrastructure.jdbcUrl()); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }
}

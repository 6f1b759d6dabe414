package com.outreachpilot.platform.testing;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaParameterizedType;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.domain.JavaWildcardType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The house every service is built as, checked on its compiled classes (no Quarkus boot). A service runs it
 * with {@code class XLayoutTest extends ServiceLayout { XLayoutTest() { super("com.outreachpilot.x"); } }}.
 *
 * <ul>
 *   <li>Six rooms: {@code api} (resources, request and response records, mapping), {@code domain} (rules and
 *   entities), {@code repository} (every SQL statement and persistence call), {@code events} (what the service
 *   publishes and consumes), {@code client} (calls to other services and the outside world), {@code config}.</li>
 *   <li>Arrows run one way: nothing imports {@code api}; resources reach the data through {@code domain}.</li>
 *   <li>{@code domain} has no SQL and no HTTP types; the reactive SQL client lives in {@code repository} only.</li>
 *   <li>No service imports another service's packages: they meet through {@code platform} contracts.</li>
 *   <li>Entities never appear in {@code api} signatures.</li>
 *   <li>Time comes from the platform clock, never {@code Instant.now()} or {@code System.currentTimeMillis()}.</li>
 * </ul>
 */
public abstract class ServiceLayout {

    public static final List<String> ROOMS = List.of("api", "domain", "repository", "events", "client", "config");
    private static final String ENTITY = "jakarta.persistence.Entity";
    private static final String[] SQL = {"io.vertx.sqlclient..", "io.vertx.mutiny.sqlclient..", "io.vertx.pgclient..",
            "io.vertx.mutiny.pgclient.."};
    private static final String[] HTTP = {"jakarta.ws.rs..", "org.jboss.resteasy.reactive..", "io.vertx.core.http..",
            "io.vertx.mutiny.core.http..", "io.vertx.ext.web..", "io.vertx.mutiny.ext.web.."};

    /** JUnit makes an instance per test: the classes are read once per service. */
    private static final java.util.Map<String, JavaClasses> IMPORTED = new java.util.concurrent.ConcurrentHashMap<>();

    private final String root;
    private final JavaClasses classes;

    protected ServiceLayout(String rootPackage) {
        this(rootPackage, false);
    }

    /** {@code includeTests}: for the rules' own tests, whose bad examples are test classes. */
    ServiceLayout(String rootPackage, boolean includeTests) {
        this.root = rootPackage;
        this.classes = IMPORTED.computeIfAbsent(rootPackage, pkg -> new ClassFileImporter()
                .withImportOption(includeTests ? location -> true : new ImportOption.DoNotIncludeTests())
                .importPackages(pkg));
    }

    private String room(String name) {
        return root + "." + name + "..";
    }

    @Test
    void hasClassesToCheck() {
        if (classes.isEmpty()) {
            throw new AssertionError("No classes found under " + root + ": the layout test checks nothing");
        }
    }

    @Test
    void everyClassLivesInOneOfTheRooms() {
        classes().should().resideInAnyPackage(ROOMS.stream().map(this::room).toArray(String[]::new))
                .because("a reader who knows one service knows them all")
                .check(classes);
    }

    @Test
    void nothingImportsTheApi() {
        noClasses().that().resideOutsideOfPackage(room("api"))
                .should().dependOnClassesThat().resideInAPackage(room("api"))
                .because("response records are presentation: domain, repository and events work on domain objects")
                .check(classes);
    }

    @Test
    void resourcesReachDataThroughTheDomain() {
        noClasses().that().resideInAPackage(room("api"))
                .should().dependOnClassesThat().resideInAPackage(room("repository"))
                .because("api → domain → repository")
                .check(classes);
    }

    @Test
    void domainHasNoSqlAndNoHttp() {
        noClasses().that().resideInAPackage(room("domain"))
                .should().dependOnClassesThat().resideInAnyPackage(SQL)
                .orShould().dependOnClassesThat().resideInAnyPackage(HTTP)
                .because("SQL lives in repositories and HTTP in api and client")
                .check(classes);
    }

    @Test
    void theSqlClientIsUsedInRepositoriesOnly() {
        noClasses().that().resideOutsideOfPackage(room("repository"))
                .should().dependOnClassesThat().resideInAnyPackage(SQL)
                .because("every SQL statement is in a repository")
                .check(classes);
    }

    @Test
    void noServiceImportsAnother() {
        noClasses().should().dependOnClassesThat(new DescribedPredicate<>("belong to another service") {
                    @Override
                    public boolean test(JavaClass type) {
                        String name = type.getPackageName();
                        return name.startsWith("com.outreachpilot.") && !name.startsWith(root)
                                && !name.startsWith("com.outreachpilot.platform");
                    }
                })
                .because("services meet through platform contracts, HTTP and events")
                .check(classes);
    }

    @Test
    void entitiesNeverCrossTheApiBoundary() {
        DescribedPredicate<JavaClass> inApi = JavaClass.Predicates.resideInAPackage(room("api"));
        methods().that().areDeclaredInClassesThat(inApi).and().arePublic()
                .should(new ArchCondition<>("not take or return entities") {
                    @Override
                    public void check(JavaMethod method, ConditionEvents events) {
                        Set<JavaClass> seen = new LinkedHashSet<>();
                        collect(method.getReturnType(), seen);
                        method.getParameterTypes().forEach(t -> collect(t, seen));
                        seen.stream().filter(t -> t.isAnnotatedWith(ENTITY)).forEach(entity -> events.add(
                                SimpleConditionEvent.violated(method, method.getFullName() + " exposes entity "
                                        + entity.getName())));
                    }
                })
                .allowEmptyShould(true)
                .check(classes);
        fields().that().areDeclaredInClassesThat(inApi).and().areNotStatic()
                .should(new ArchCondition<>("not hold entities") {
                    @Override
                    public void check(JavaField field, ConditionEvents events) {
                        Set<JavaClass> seen = new LinkedHashSet<>();
                        collect(field.getType(), seen);
                        seen.stream().filter(t -> t.isAnnotatedWith(ENTITY)).forEach(entity -> events.add(
                                SimpleConditionEvent.violated(field, field.getFullName() + " holds entity "
                                        + entity.getName())));
                    }
                })
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void everyApiKeyResourceNamesItsScope() {
        classes().that().resideInAPackage(room("api"))
                .and().areAnnotatedWith("jakarta.ws.rs.Path")
                .and().areNotAnnotatedWith("jakarta.annotation.security.RolesAllowed")
                .and().areNotAnnotatedWith("jakarta.annotation.security.PermitAll")
                .should().beAnnotatedWith("com.outreachpilot.platform.auth.RequiresScope")
                .because("a service checks the key's scope itself (RequiresScope), not only the gateway")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void timeComesFromTheClock() {
        ArchRule rule = noClasses()
                .should().callMethod(Instant.class, "now")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(LocalDateTime.class, "now")
                .orShould().callMethod(LocalDate.class, "now")
                .orShould().callMethod(OffsetDateTime.class, "now")
                .orShould().callMethod(ZonedDateTime.class, "now")
                .because("one injectable clock (com.outreachpilot.platform.time.Clock) lets tests move time");
        rule.check(classes);
    }

    /** The raw type and every type argument, recursively ({@code Uni<ApiResponse<List<Contact>>>}). */
    private static void collect(JavaType type, Set<JavaClass> into) {
        if (type instanceof JavaParameterizedType parameterized) {
            into.add(type.toErasure());
            parameterized.getActualTypeArguments().forEach(argument -> collect(argument, into));
        } else if (type instanceof JavaWildcardType wildcard) {
            wildcard.getUpperBounds().forEach(bound -> collect(bound, into));
            wildcard.getLowerBounds().forEach(bound -> collect(bound, into));
        } else if (type instanceof JavaClass javaClass) {
            into.add(javaClass.isArray() ? javaClass.getBaseComponentType() : javaClass);
        }
    }
}

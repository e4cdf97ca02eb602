package dev.devagent.ingest;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.devagent.platform.ApiException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Which repository URLs the agent may fetch: https:// and ssh:// (and scp-style git@host:path) always;
 * local paths and file:// only with REPOSITORIES_ALLOW_LOCAL; never credentials inside the URL; never a
 * host that resolves to a private, loopback or link-local address unless REPOSITORIES_ALLOWED_HOSTS
 * lists it (no fetching from the cluster's own network).
 */
@Component
public class RepositoryUrlPolicy {

    private static final Pattern SCP = Pattern.compile("([A-Za-z0-9._-]+)@([A-Za-z0-9.-]+):(?!//)(.+)");
    private static final Pattern BRANCH = Pattern.compile("[A-Za-z0-9._][A-Za-z0-9._/-]{0,199}");

    private final boolean allowLocal;
    private final Set<String> allowedHosts;
    private final HostResolver resolver;

    @Autowired
    RepositoryUrlPolicy(@Value("${agent.repositories.allow-local:true}") boolean allowLocal,
                        @Value("${agent.repositories.allowed-hosts:}") String allowedHosts) {
        this(allowLocal, allowedHosts, InetAddress::getAllByName);
    }

    RepositoryUrlPolicy(boolean allowLocal, String allowedHosts, HostResolver resolver) {
        this.allowLocal = allowLocal;
        this.allowedHosts = Arrays.stream(allowedHosts.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        this.resolver = resolver;
    }

    /** The normalised location and the owner/name it stands for, or a 400 saying why not. */
    public RepositoryLocation check(String url, String branch) {
        if (url == null || url.isBlank()) {
            throw bad("url is required");
        }
        if (branch != null && !branch.isBlank() && (!BRANCH.matcher(branch).matches() || branch.contains(".."))) {
            throw bad("branch is not a valid branch name");
        }
        String trimmed = url.strip();
        var scp = SCP.matcher(trimmed);
        if (scp.matches()) {
            trimmed = "ssh://" + scp.group(1) + "@" + scp.group(2) + "/" + scp.group(3);
        }
        if (trimmed.startsWith("/") || trimmed.startsWith("file:")) {
            return local(trimmed);
        }
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw bad("url is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("ssh")) {
            throw bad("only https://, ssh:// and (when allowed) local repositories are supported");
        }
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && (scheme.equals("https") || userInfo.contains(":"))) {
            throw bad("credentials must not be part of the URL; the server uses GITHUB_TOKEN or its SSH key");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw bad("url has no host");
        }
        checkHost(host.toLowerCase(Locale.ROOT));
        List<String> segments = Arrays.stream(uri.getPath().split("/")).filter(s -> !s.isBlank()).toList();
        if (segments.size() < 2) {
            throw bad("url must name a repository, e.g. https://github.com/owner/name");
        }
        String name = stripGit(segments.get(segments.size() - 1));
        String owner = segments.get(segments.size() - 2);
        String normalised = scheme + "://" + (userInfo == null ? "" : userInfo + "@") + host.toLowerCase(Locale.ROOT)
                + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + uri.getPath();
        return new RepositoryLocation(normalised, owner, name, host.equalsIgnoreCase("github.com"), false);
    }

    private RepositoryLocation local(String location) {
        if (!allowLocal) {
            throw bad("local repositories are not allowed here (REPOSITORIES_ALLOW_LOCAL=false)");
        }
        Path path;
        try {
            path = location.startsWith("file:") ? Path.of(new URI(location)) : Path.of(location);
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw bad("not a valid local path");
        }
        path = path.toAbsolutePath().normalize();
        boolean gitRepo = Files.isDirectory(path.resolve(".git"))
                || Files.isRegularFile(path.resolve("HEAD")) && Files.isDirectory(path.resolve("objects"));
        if (!gitRepo) {
            throw bad("local path is not a Git repository");
        }
        Path parent = path.getParent();
        String owner = parent == null || parent.getFileName() == null ? "local" : parent.getFileName().toString();
        return new RepositoryLocation(path.toUri().toString(), owner, stripGit(path.getFileName().toString()),
                false, true);
    }

    private void checkHost(String host) {
        if (allowedHosts.contains(host)) {
            return;
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw bad("host " + host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            if (isInternal(address)) {
                throw bad("host " + host + " resolves to a private, loopback or link-local address");
            }
        }
    }

    static boolean isInternal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            // carrier-grade NAT 100.64/10 and the 0/8 "this network" block
            return first == 0 || first == 100 && second >= 64 && second <= 127;
        }
        if (address instanceof Inet6Address) {
            // unique local fc00::/7
            return (b[0] & 0xfe) == 0xfc;
        }
        return false;
    }

    private static String stripGit(String name) {
        return name.endsWith(".git") ? name.substring(0, name.length() - 4) : name;
    }

    private static ApiException bad(String details) {
        return ApiException.badRequest("Invalid repository URL", details);
    }

    @FunctionalInterface
    interface HostResolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** A checked repository location. */
    public record RepositoryLocation(String url, String owner, String name, boolean github, boolean local) {

        public String fullName() {
            return owner + "/" + name;
        }
    }
}

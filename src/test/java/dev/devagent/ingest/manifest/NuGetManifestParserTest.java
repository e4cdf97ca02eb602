package dev.devagent.ingest.manifest;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.devagent.ingest.manifest.FixtureRepo.from;
import static org.assertj.core.api.Assertions.assertThat;

class NuGetManifestParserTest {

    @TempDir
    Path dir;

    @Test
    void readsVersionAsAttributeOrChildElementAndPrefersVersionOverride() {
        ManifestScan scan = new FixtureRepo(dir).file("src/Api/Api.csproj", """
                <Project Sdk="Microsoft.NET.Sdk.Web">
                  <PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="Serilog.AspNetCore" Version="8.0.1" />
                    <PackageReference Include="Dapper">
                      <Version>2.1.35</Version>
                    </PackageReference>
                    <PackageReference Include="Polly" Version="7.2.4" VersionOverride="8.3.1" />
                    <PackageReference Include="StyleCop.Analyzers" Version="1.1.118">
                      <PrivateAssets>all</PrivateAssets>
                      <IncludeAssets>runtime; build; native; contentfiles; analyzers</IncludeAssets>
                    </PackageReference>
                    <PackageReference Include="Microsoft.SourceLink.GitHub" Version="8.0.0" PrivateAssets="compile;All" />
                    <PackageReference Include="NoVersion.Anywhere" />
                  </ItemGroup>
                </Project>
                """).scan();

        assertThat(scan.dependencies()).containsExactly(
                nuget("Dapper", "2.1.35", "runtime", "src/Api/Api.csproj"),
                nuget("Microsoft.SourceLink.GitHub", "8.0.0", "build", "src/Api/Api.csproj"),
                nuget("NoVersion.Anywhere", null, "runtime", "src/Api/Api.csproj"),
                nuget("Polly", "8.3.1", "runtime", "src/Api/Api.csproj"),
                nuget("Serilog.AspNetCore", "8.0.1", "runtime", "src/Api/Api.csproj"),
                nuget("StyleCop.Analyzers", "1.1.118", "build", "src/Api/Api.csproj"));
        assertThat(scan.publishes()).containsExactly(new PublishedPackage("nuget", "Api", "src/Api/Api.csproj"));
        assertThat(scan.errors()).isEmpty();
    }

    @Test
    void publishesPackageIdThenAssemblyNameThenTheFileName() {
        ManifestScan scan = new FixtureRepo(dir)
                .file("A/A.csproj", """
                        <Project Sdk="Microsoft.NET.Sdk">
                          <PropertyGroup><AssemblyName>Acme.A.Assembly</AssemblyName><PackageId>Acme.A</PackageId></PropertyGroup>
                        </Project>
                        """)
                .file("B/B.fsproj", """
                        <Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><AssemblyName>Acme.B</AssemblyName></PropertyGroup></Project>
                        """)
                .file("C/Acme.C.vbproj", """
                        <Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><PackageId>$(MSBuildProjectName).Client</PackageId></PropertyGroup></Project>
                        """)
                .file("D/D.csproj", """
                        <Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><PackageId>$(NotDefinedAnywhere)</PackageId></PropertyGroup></Project>
                        """)
                .scan();

        assertThat(scan.publishes()).containsExactly(
                new PublishedPackage("nuget", "Acme.A", "A/A.csproj"),
                new PublishedPackage("nuget", "Acme.B", "B/B.fsproj"),
                new PublishedPackage("nuget", "Acme.C.Client", "C/Acme.C.vbproj"),
                new PublishedPackage("nuget", "D", "D/D.csproj"));
    }

    @Test
    void centralPackageManagementGivesVersionsFromTheNearestDirectoryPackagesProps() {
        ManifestScan scan = new FixtureRepo(dir)
                .file("Directory.Packages.props", """
                        <Project>
                          <PropertyGroup>
                            <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>
                            <AspireVersion>8.0.1</AspireVersion>
                          </PropertyGroup>
                          <ItemGroup>
                            <PackageVersion Include="Newtonsoft.Json" Version="13.0.3" />
                            <PackageVersion Include="xunit"><Version>2.7.0</Version></PackageVersion>
                            <PackageVersion Include="Aspire.Hosting" Version="$(AspireVersion)" />
                            <PackageVersion Include="Polly" Version="8.3.1" />
                            <GlobalPackageReference Include="Nerdbank.GitVersioning" Version="3.6.133" />
                          </ItemGroup>
                        </Project>
                        """)
                .file("src/App/App.csproj", """
                        <Project Sdk="Microsoft.NET.Sdk">
                          <ItemGroup>
                            <PackageReference Include="newtonsoft.json" />
                            <PackageReference Include="Aspire.Hosting" />
                            <PackageReference Include="Polly" VersionOverride="7.2.4" />
                          </ItemGroup>
                        </Project>
                        """)
                .file("tests/Directory.Packages.props", """
                        <Project>
                          <Import Project="$([MSBuild]::GetPathOfFileAbove('Directory.Packages.props', '$(MSBuildThisFileDirectory)../'))" />
                          <ItemGroup>
                            <PackageVersion Update="xunit" Version="2.8.0" />
                          </ItemGroup>
                        </Project>
                        """)
                .file("tests/App.Tests/App.Tests.csproj", """
                        <Project Sdk="Microsoft.NET.Sdk">
                          <ItemGroup>
                            <PackageReference Include="xunit" />
                            <PackageReference Include="Newtonsoft.Json" />
                          </ItemGroup>
                        </Project>
                        """)
                .scan();

        assertThat(from(scan, "src/App/App.csproj")).containsExactly(
                nuget("Aspire.Hosting", "8.0.1", "runtime", "src/App/App.csproj"),
                nuget("Nerdbank.GitVersioning", "3.6.133", "build", "src/App/App.csproj"),
                nuget("Polly", "7.2.4", "runtime", "src/App/App.csproj"),
                nuget("newtonsoft.json", "13.0.3", "runtime", "src/App/App.csproj"));
        assertThat(from(scan, "tests/App.Tests/App.Tests.csproj")).containsExactly(
                nuget("Nerdbank.GitVersioning", "3.6.133", "build", "tests/App.Tests/App.Tests.csproj"),
                nuget("Newtonsoft.Json", "13.0.3", "runtime", "tests/App.Tests/App.Tests.csproj"),
                nuget("xunit", "2.8.0", "runtime", "tests/App.Tests/App.Tests.csproj"));
        assertThat(scan.dependencies()).extracting(Dependency::manifest).doesNotContain("Directory.Packages.props");
        assertThat(scan.errors()).isEmpty();
    }

    @Test
    void directoryBuildPropsLendsPropertiesAndReferencesToProjectsBelowIt() {
        ManifestScan scan = new FixtureRepo(dir)
                .file("src/Directory.Build.props", """
                        <Project>
                          <PropertyGroup>
                            <SerilogVersion>3.1.1</SerilogVersion>
                            <SerilogSinkVersion>$(SerilogVersion).2</SerilogSinkVersion>
                            <Company>Acme</Company>
                          </PropertyGroup>
                          <ItemGroup>
                            <PackageReference Include="Microsoft.CodeAnalysis.NetAnalyzers" Version="8.0.0" PrivateAssets="all" />
                            <PackageReference Include="Serilog" Version="$(SerilogVersion)" />
                          </ItemGroup>
                        </Project>
                        """)
                .file("src/Worker/Worker.csproj", """
                        <Project Sdk="Microsoft.NET.Sdk.Worker">
                          <PropertyGroup><PackageId>$(Company).Worker</PackageId></PropertyGroup>
                          <ItemGroup>
                            <PackageReference Include="Serilog.Sinks.Console" Version="$(SerilogSinkVersion)" />
                            <PackageReference Include="Serilog" Version="4.0.0" />
                          </ItemGroup>
                        </Project>
                        """)
                .file("tools/Tool/Tool.csproj", """
                        <Project Sdk="Microsoft.NET.Sdk">
                          <ItemGroup><PackageReference Include="Spectre.Console" Version="$(SerilogVersion)" /></ItemGroup>
                        </Project>
                        """)
                .scan();

        assertThat(from(scan, "src/Worker/Worker.csproj")).containsExactly(
                nuget("Microsoft.CodeAnalysis.NetAnalyzers", "8.0.0", "build", "src/Worker/Worker.csproj"),
                nuget("Serilog", "3.1.1", "runtime", "src/Worker/Worker.csproj"),
                nuget("Serilog", "4.0.0", "runtime", "src/Worker/Worker.csproj"),
                nuget("Serilog.Sinks.Console", "3.1.1.2", "runtime", "src/Worker/Worker.csproj"));
        // no Directory.Build.props above tools/: its property reference stays unknown
        assertThat(from(scan, "tools/Tool/Tool.csproj")).containsExactly(
                nuget("Spectre.Console", null, "runtime", "tools/Tool/Tool.csproj"));
        assertThat(scan.publishes()).containsExactly(
                new PublishedPackage("nuget", "Acme.Worker", "src/Worker/Worker.csproj"),
                new PublishedPackage("nuget", "Tool", "tools/Tool/Tool.csproj"));
    }

    @Test
    void followsPlainImportsAndAppliesUpdateAndRemoveItems() {
        ManifestScan scan = new FixtureRepo(dir)
                .file("eng/Versions.props", """
                        <Project>
                          <PropertyGroup><GrpcVersion>2.62.0</GrpcVersion></PropertyGroup>
                          <ItemGroup><PackageReference Update="Grpc.Net.Client" Version="$(GrpcVersion)" /></ItemGroup>
                        </Project>
                        """)
                .file("src/Svc/Svc.csproj", """
                        <Project Sdk="Microsoft.NET.Sdk">
                          <Import Project="$(MSBuildThisFileDirectory)..\\..\\eng\\Versions.props" />
                          <Import Project="..\\..\\eng\\Missing.props" Condition="Exists('..\\..\\eng\\Missing.props')" />
                          <Import Project="Sdk.targets" Sdk="Microsoft.NET.Sdk" />
                          <ItemGroup>
                            <PackageReference Include="Grpc.Net.Client" />
                            <PackageReference Include="Grpc.AspNetCore" Version="$(GrpcVersion)" />
                            <PackageReference Include="Google.Protobuf;Grpc.Tools" Version="3.26.1" />
                            <PackageReference Remove="Grpc.Tools" />
                            <PackageReference Update="Google.Protobuf" PrivateAssets="All" />
                          </ItemGroup>
                        </Project>
                        """)
                .scan();

        // as in MSBuild, the imported Update ran before the Include existed, so it gave Grpc.Net.Client nothing
        assertThat(scan.dependencies()).containsExactly(
                nuget("Google.Protobuf", "3.26.1", "build", "src/Svc/Svc.csproj"),
                nuget("Grpc.AspNetCore", "2.62.0", "runtime", "src/Svc/Svc.csproj"),
                nuget("Grpc.Net.Client", null, "runtime", "src/Svc/Svc.csproj"));
        assertThat(scan.errors()).isEmpty();
    }

    @Test
    void updateItemsDeclaredAfterTheReferenceFillTheVersion() {
        ManifestScan scan = new FixtureRepo(dir)
                .file("Directory.Build.props", """
                        <Project><PropertyGroup><GrpcVersion>2.62.0</GrpcVersion></PropertyGroup></Project>
                        """)
                .file("Svc.csproj", """
                        <Project Sdk="Microsoft.NET.Sdk">
                          <ItemGroup><PackageReference Include="Grpc.Net.Client" /></ItemGroup>
                          <ItemGroup><PackageReference Update="grpc.net.client" Version="$(GrpcVersion)" /></ItemGroup>
                        </Project>
                        """)
                .scan();

        assertThat(scan.dependencies()).containsExactly(nuget("Grpc.Net.Client", "2.62.0", "runtime", "Svc.csproj"));
    }

    @Test
    void readsPackagesConfig() {
        ManifestScan scan = new FixtureRepo(dir)
                .file("Legacy/packages.config", """
                        <?xml version="1.0" encoding="utf-8"?>
                        <packages>
                          <package id="EntityFramework" version="6.4.4" targetFramework="net48" />
                          <package id="Newtonsoft.Json" version="12.0.3" targetFramework="net48" />
                          <package id="Microsoft.Net.Compilers" version="3.11.0" targetFramework="net48" developmentDependency="true" />
                          <package version="1.0" />
                        </packages>
                        """)
                .file("Legacy/Legacy.csproj", """
                        <?xml version="1.0" encoding="utf-8"?>
                        <Project ToolsVersion="15.0" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
                          <PropertyGroup><AssemblyName>Acme.Legacy</AssemblyName></PropertyGroup>
                          <ItemGroup>
                            <Reference Include="Newtonsoft.Json, Version=12.0.0.0"><HintPath>..\\packages\\Newtonsoft.Json.12.0.3\\lib\\net45\\Newtonsoft.Json.dll</HintPath></Reference>
                          </ItemGroup>
                        </Project>
                        """)
                .scan();

        assertThat(scan.dependencies()).containsExactly(
                nuget("EntityFramework", "6.4.4", "runtime", "Legacy/packages.config"),
                nuget("Microsoft.Net.Compilers", "3.11.0", "dev", "Legacy/packages.config"),
                nuget("Newtonsoft.Json", "12.0.3", "runtime", "Legacy/packages.config"));
        assertThat(scan.publishes()).containsExactly(new PublishedPackage("nuget", "Acme.Legacy", "Legacy/Legacy.csproj"));
        assertThat(scan.errors()).isEmpty();
    }

    @Test
    void projectReferencesAreRecordedUnderTheReferencedProjectsPackageName() {
        ManifestScan scan = new FixtureRepo(dir)
                .file("src/Core/Core.csproj", """
                        <Project Sdk="Microsoft.NET.Sdk">
                          <PropertyGroup><PackageId>Acme.Core</PackageId><Version>2.1.0</Version></PropertyGroup>
                        </Project>
                        """)
                .file("src/Data/Acme.Data.csproj", """
                        <Project Sdk="Microsoft.NET.Sdk"></Project>
                        """)
                .file("src/Api/Api.csproj", """
                        <Project Sdk="Microsoft.NET.Sdk.Web">
                          <ItemGroup>
                            <ProjectReference Include="..\\Core\\Core.csproj" />
                            <ProjectReference Include="../Data/Acme.Data.csproj" />
                            <ProjectReference Include="..\\Gone\\Gone.csproj" />
                            <ProjectReference Include="..\\..\\..\\outside\\Outside.csproj" />
                          </ItemGroup>
                        </Project>
                        """)
                .scan();

        assertThat(from(scan, "src/Api/Api.csproj")).containsExactly(
                nuget("Acme.Core", "2.1.0", "project", "src/Api/Api.csproj"),
                nuget("Acme.Data", null, "project", "src/Api/Api.csproj"),
                nuget("Gone", null, "project", "src/Api/Api.csproj"),
                nuget("Outside", null, "project", "src/Api/Api.csproj"));
        assertThat(scan.publishes()).extracting(PublishedPackage::name).containsExactly("Api", "Acme.Core", "Acme.Data");
    }

    @Test
    void aBrokenDirectoryBuildPropsIsReportedAndTheProjectStillCounts() {
        ManifestScan scan = new FixtureRepo(dir)
                .file("Directory.Build.props", "<Project><PropertyGroup>")
                .file("A/A.csproj", """
                        <Project Sdk="Microsoft.NET.Sdk"><ItemGroup><PackageReference Include="Humanizer" Version="2.14.1" /></ItemGroup></Project>
                        """)
                .file("B/B.csproj", """
                        <Project Sdk="Microsoft.NET.Sdk"><ItemGroup><PackageReference Include="Bogus" Version="35.5.0" /></ItemGroup></Project>
                        """)
                .scan();

        assertThat(scan.dependencies()).containsExactly(
                nuget("Humanizer", "2.14.1", "runtime", "A/A.csproj"),
                nuget("Bogus", "35.5.0", "runtime", "B/B.csproj"));
        assertThat(scan.errors()).singleElement().satisfies(error -> {
            assertThat(error.manifest()).isEqualTo("Directory.Build.props");
            assertThat(error.message()).startsWith("invalid XML");
        });
    }

    @Test
    void aMalformedProjectIsOneErrorAndPackagesConfigNextToItStillCounts() {
        ManifestScan scan = new FixtureRepo(dir)
                .file("App/App.csproj", "<Project><ItemGroup><PackageReference Include=\"X\" Version=1.0 /></ItemGroup></Project>")
                .file("App/packages.config", "<packages><package id=\"Y\" version=\"2.0\" /></packages>")
                .file("Other/Other.csproj", "<Wrong/>")
                .scan();

        assertThat(scan.dependencies()).containsExactly(nuget("Y", "2.0", "runtime", "App/packages.config"));
        assertThat(scan.errors()).extracting(ManifestError::manifest).containsExactly("App/App.csproj", "Other/Other.csproj");
        assertThat(scan.errors().get(1).message()).isEqualTo("not an MSBuild project: root element is <Wrong>");
    }

    @Test
    void aDoctypeInAProjectFileIsRefused() {
        ManifestScan scan = new FixtureRepo(dir).file("A.csproj", """
                <!DOCTYPE Project [ <!ENTITY v SYSTEM "file:///etc/hostname"> ]>
                <Project><ItemGroup><PackageReference Include="X" Version="&v;" /></ItemGroup></Project>
                """).scan();

        assertThat(scan.dependencies()).isEmpty();
        assertThat(scan.errors()).singleElement().extracting(ManifestError::message).asString().contains("DOCTYPE");
    }

    private static Dependency nuget(String name, String version, String scope, String manifest) {
        return new Dependency("nuget", name, version, scope, true, manifest);
    }
}

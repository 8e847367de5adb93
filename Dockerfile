# Build
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props Faultline.slnx ./
COPY src/Domain/Faultline.Domain.csproj src/Domain/
COPY src/Application/Faultline.Application.csproj src/Application/
COPY src/Infrastructure/Faultline.Infrastructure.csproj src/Infrastructure/
COPY src/Api/Faultline.Api.csproj src/Api/
COPY migrations/Faultline.Migrations.csproj migrations/
RUN dotnet restore src/Api/Faultline.Api.csproj
COPY src/ src/
COPY migrations/ migrations/
RUN dotnet publish src/Api/Faultline.Api.csproj -c Release --no-restore -o /app

# Run
FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_URLS=http://0.0.0.0:8000
EXPOSE 8000
USER app
ENTRYPOINT ["dotnet", "Faultline.Api.dll"]

# Builds and runs Paper Radio on its embedded defaults (MaryTTS, extractive writer, own web server).
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY pom.xml .
COPY radio-core radio-core
COPY radio-ingest radio-ingest
COPY radio-tts radio-tts
COPY radio-stream radio-stream
RUN mvn -q -B -DskipTests package

FROM eclipse-temurin:21-jre
RUN useradd --system --create-home --home-dir /station radio
WORKDIR /station
COPY --from=build /src/radio-stream/target/paper-radio.jar /station/paper-radio.jar
COPY --from=build /src/radio-stream/target/lib /station/lib
COPY config /station/config
RUN mkdir -p /station/data && chown -R radio /station/data
USER radio
VOLUME ["/station/data", "/station/config"]
EXPOSE 8080
ENTRYPOINT ["java", "-Xmx1g", "-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true", "-jar", "/station/paper-radio.jar"]
CMD ["--config", "/station/config/station.yaml", "--data", "/station/data"]

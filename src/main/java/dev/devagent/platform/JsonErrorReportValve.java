package dev.devagent.platform;

import java.io.IOException;
import java.io.Writer;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.tomcat.util.res.StringManager;

/** Errors Tomcat raises before Spring sees the request (e.g. an encoded slash) in the {error, details} shape. */
public class JsonErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String reason = StringManager.getManager("org.apache.catalina.valves").getString("http." + status + ".reason");
        if (reason == null || reason.startsWith("http.")) {
            reason = status >= 500 ? "Internal error" : "Bad request";
        }
        try {
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write("{\"error\":\"" + reason.replace("\"", "'") + "\",\"details\":\"rejected by the HTTP server\"}");
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException ignored) {
            // the client went away; nothing more to report
        }
    }
}

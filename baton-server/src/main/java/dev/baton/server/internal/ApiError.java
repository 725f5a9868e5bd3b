package dev.baton.server.internal;

/** A refusal with its HTTP status, answered as {@code application/problem+json}. */
public final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;

  public ApiError(int status, String detail) {
    super(detail, null, false, false);
    this.status = status;
  }

  public int status() {
    return status;
  }

  public static ApiError badRequest(String detail) {
    return new ApiError(400, detail);
  }

  public static ApiError notFound(String detail) {
    return new ApiError(404, detail);
  }

  public static ApiError conflict(String detail) {
    return new ApiError(409, detail);
  }
}

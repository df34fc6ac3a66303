/** Writes src/openapi-metadata.ts unless it is up to date; returns whether it wrote it. */
export function generateOpenApiMetadata(): boolean;

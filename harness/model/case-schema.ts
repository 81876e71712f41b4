// The case format's enumerations, read from cases/schema.json: the schema is
// the one place they are defined (docs/case-format.md).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../adapters/paths.js';

export const schemaPath = join(packageRoot, 'cases', 'schema.json');

interface SchemaShape {
  properties: Record<string, { enum?: string[]; items?: { enum?: string[] } }>;
  $defs: { step: { propertyNames: { enum: string[] } } };
}

export const caseSchema = JSON.parse(readFileSync(schemaPath, 'utf8')) as SchemaShape;

/** Top-level keys of a case file, in the schema's order. */
export const TOP_KEYS = Object.keys(caseSchema.properties);
export const STEP_KINDS: readonly string[] = caseSchema.$defs.step.propertyNames.enum;
export const AREAS: readonly string[] = caseSchema.properties.area!.enum!;
export const SEVERITIES: readonly string[] = caseSchema.properties.severity!.enum!;
export const ERAS: readonly string[] = caseSchema.properties.eras!.items!.enum!;
export const REQUIREMENTS: readonly string[] = caseSchema.properties.requires!.items!.enum!;

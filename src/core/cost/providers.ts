/** How a provider turns a run into money. Figures are USD, for one region's list price. */
export interface ProviderModel {
  id: string;
  name: string;
  /** The date these figures took effect. */
  effective: string;
  source: string;
  /** Billed duration is rounded up to a multiple of this. */
  granularityMs: number;
  memory: { minMb: number; maxMb: number; stepMb: number };
  pricePerGbSecond: number;
  pricePerRequest: number;
  freeTier: { gbSeconds: number; requests: number };
}

/** The two AWS Lambda models `run` reports on until the full knowledge base lands. */
export const PROVIDERS: readonly ProviderModel[] = [
  {
    id: 'aws-lambda-2020',
    name: 'AWS Lambda (2020, 100 ms billing)',
    effective: '2020-01-01',
    source: 'The original testbed (calculator/faascc.simplified.yaml), aws.amazon.com/lambda/pricing as of 2020',
    granularityMs: 100,
    memory: { minMb: 128, maxMb: 3008, stepMb: 64 },
    pricePerGbSecond: 0.00001667,
    pricePerRequest: 0.2 / 1e6,
    freeTier: { gbSeconds: 400_000, requests: 1_000_000 },
  },
  {
    id: 'aws-lambda-x86',
    name: 'AWS Lambda x86 (1 ms billing)',
    effective: '2020-12-01',
    source: 'aws.amazon.com/lambda/pricing, us-east-1, first monthly tier',
    granularityMs: 1,
    memory: { minMb: 128, maxMb: 10_240, stepMb: 1 },
    pricePerGbSecond: 0.0000166667,
    pricePerRequest: 0.2 / 1e6,
    freeTier: { gbSeconds: 400_000, requests: 1_000_000 },
  },
];

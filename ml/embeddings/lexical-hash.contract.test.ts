import { embeddingsContract } from "./testing/contract.ts"
import { lexicalHashEmbeddings } from "./lexical-hash.ts"

embeddingsContract({ name: "lexical hash", make: () => lexicalHashEmbeddings(), largeBatch: 300 })

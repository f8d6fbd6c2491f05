-- Translation (docs/translation.md): the language each agent reads customer messages in. NULL: the agent's console
-- language (agents.console_language), else the team's or the node's translation.agent-language.
ALTER TABLE agents ADD COLUMN reading_language VARCHAR(35);

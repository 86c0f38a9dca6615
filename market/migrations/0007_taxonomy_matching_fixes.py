"""Issue 15: the taxonomy's matching fixed from reading real postings, for databases that
already hold the taxonomy (a fresh database gets it all from market/seed/skills.json, which
the seed loader reads after migrating).

Per skill: aliases removed (that mostly named something else) and added (phrasings postings
use), case-sensitive aliases and exclusion phrases added. Applied as changes, not as a
rewrite, so that what admins edited stays: a removed alias goes only if it is still there, an
added phrase is added only if missing. New skills (SAS, SPSS, MATLAB, JavaScript, Hive,
Redshift, Qlik, Looker) are created with their prerequisites and a learning resource unless a
skill of that slug or name exists. The data is frozen here, as it was when written."""

from decimal import Decimal

from django.db import migrations

CHANGES = {
    "pytorch": {"remove": ["Lightning AI"], "exclusions": ["releasing PyTorch Lightning"]},
    "aws": {
        "remove": ["ECS"],
        "case_sensitive_aliases": ["ECS"],
        "add": ["AWS ECS"],
        "exclusions": [
            "ECS Federal (ECS)",
            "ECS is",
            "ECS promotes",
            "ECS Federal",
            "Federal (ECS)",
            "Consumer Services (ECS)",
            "Cloud providers, including Amazon Web Services",
        ],
    },
    "gpt-openai": {
        "remove": ["GPT", "ChatGPT"],
        "case_sensitive_aliases": ["GPT"],
        "add": ["ChatGPT API", "ChatGPT APIs", "Anthropic Claude", "Claude"],
        "exclusions": [
            "Product Team (GPT)",
            "customers include OpenAI",
            "At OpenAI",
            "players such as OpenAI, Anthropic",
            "places such as Stanford, OpenAI",
            "OpenAI Global Applicant Privacy Policy",
        ],
    },
    "statistics": {
        "add": ["statistical", "statistic", "design of experiments", "experimental design"],
        "exclusions": [
            "Statistical Area",
            "Statistical Areas",
            "Crime Statistics",
            "Bureau of Labor Statistics",
        ],
    },
    "machine-learning": {
        "add": [
            "predictive modeling",
            "predictive modelling",
            "predictive models",
            "predictive model",
            "machine and deep learning",
            "machine & deep learning",
        ]
    },
    "deep-learning": {
        "remove": ["CNN", "CNNs"],
        "case_sensitive_aliases": ["CNN", "CNNs"],
        "add": [
            "GANs",
            "generative adversarial networks",
            "VAEs",
            "variational autoencoders",
            "diffusion models",
            "deep reinforcement learning",
        ],
        "exclusions": ["CNN Money", "truTV, CNN"],
    },
    "computer-vision": {"add": ["ML/CV", "CV/ML", "CV models", "CV model", "CV algorithms"]},
    "model-evaluation": {
        "add": [
            "evaluating ML models",
            "evaluate ML models",
            "evaluation of ML models",
            "evaluating machine learning models",
            "evaluate machine learning models",
            "evaluation of machine learning models",
            "evaluating models",
            "evaluate models",
            "model performance metrics",
            "validate models",
            "evaluation of models",
        ]
    },
    "model-optimization": {"exclusions": ["pruning it"]},
    "git": {"add": ["source control"]},
    "monitoring": {
        "add": [
            "monitor model performance",
            "monitoring model performance",
            "model performance monitoring",
            "monitor and analyze model performance",
            "model drift",
            "data drift",
            "concept drift",
            "monitor models",
            "monitoring models",
            "monitoring and logging",
            "logging and monitoring",
            "monitoring, logging",
            "monitor and maintain ML",
            "monitoring ML",
            "monitor ML",
            "monitoring of model performance",
            "monitoring of models",
        ],
        "exclusions": ["About Datadog", "Facebook and Datadog"],
    },
    "model-serving": {
        "add": [
            "Triton Server",
            "NVIDIA Triton",
            "deploy machine learning",
            "deploying machine learning",
            "deployment of machine learning",
            "deploy ML",
            "deploying ML",
            "deployment of ML",
            "deploy AI models",
            "deploying AI models",
            "deploying ML/AI models",
            "deploy ML/AI models",
            "deploy models",
            "deploying models",
            "deployment of models",
            "deploy predictive models",
            "deploying predictive models",
            "model deployments",
            "ML model deployment",
            "deployment of production ML models",
            "deploying the model",
            "deploy the model",
            "deploying the models",
            "deploy the models",
        ],
        "exclusions": ["XLA, Triton", "CUDA/Triton", "compilers (Triton", "Stitcher and Triton"],
    },
    "feature-stores": {"exclusions": ["At Tecton", "tecton.ai"]},
    "production-ml": {
        "add": [
            "LLMOps",
            "LLM Ops",
            "ML and LLM Ops",
            "productionizing",
            "productionize",
            "productionization",
            "productionalize",
            "production scale machine learning",
            "productizing",
            "productize",
            "models into production",
            "models in production",
        ]
    },
    "llm-fine-tuning": {
        "exclusions": [
            "fine-tuning queries",
            "fine-tuning of queries",
            "fine-tuning SQL queries",
            "fine-tuning model parameters",
            "finetuning predictive",
        ]
    },
    "ai-agents": {"add": ["AI agent", "AI agents", "LLM agent"]},
    "hugging-face": {"exclusions": ["About Hugging Face", "Hugging Face is an"]},
    "cost-optimization": {
        "add": ["cloud costs", "cloud computing costs", "reduce cloud costs"],
        "exclusions": [
            "Supply Chain and Cost Optimization",
            "supply chain cost optimization",
            "cost optimization, resource allocations",
        ],
    },
    "team-leadership": {
        "add": [
            "leading teams",
            "lead a team",
            "lead teams",
            "leading a team",
            "lead and supervise",
            "lead team of",
            "lead a small team",
            "manage a team",
            "managing a team",
        ],
        "exclusions": [
            "Analytics team leadership",
            "with the analytics tech lead",
            "with engineering leadership",
            "engineering tech lead",
            "into a team leadership position",
        ],
    },
    "mentorship": {
        "add": [
            "mentor junior",
            "mentoring junior",
            "mentor others",
            "mentor other",
            "mentor team members",
            "coach and mentor",
            "mentor and coach",
            "mentor and develop",
            "mentor and educate",
            "coach team members",
            "coach junior",
            "coaching junior",
        ],
        "exclusions": [
            "mentorship program",
            "mentorship programs",
            "mentoring program",
            "mentoring programs",
            "mentoring and coaching",
            "receiving mentorship",
            "receive mentorship",
            "mentorship from",
            "mentoring from",
            "career mentorship",
            "1:1 mentorship",
            "mentorship of more experienced",
            "Learning Culture: Mentoring",
            "knowledge sharing, mentorship",
            "mentorship and growth",
            "mentorship and career",
        ],
    },
    "security-compliance": {
        "add": ["DevSecOps", "SecDevOps"],
        "exclusions": ["GDPR) and California Consumer Privacy Act", "training relating to HIPAA"],
    },
    "research-publications": {
        "exclusions": [
            "publications like Forbes",
            "publications such as Forbes",
            "featured in publications",
            "support for publications",
            "patents and publications",
        ],
        "add": [
            "publish papers",
            "publishing papers",
            "publish research",
            "publishing research",
            "publishing findings",
        ],
    },
    "open-source": {
        "remove": ["OSS"],
        "match_name": False,
        "add": [
            "contributing to open source",
            "contribute to open source",
            "contributions to open source",
            "open source contributor",
            "open-source contributor",
        ],
    },
    "terraform": {"exclusions": ["an IAC", "NASDAQ: IAC"]},
    "ci-cd": {
        "exclusions": ["CircleCI's", "CircleCI’s"],
        "add": ["CI tools", "CI pipelines", "CI pipeline"],
    },
    "gcp": {
        "add": ["Google Big Query", "Big Query"],
        "case_sensitive_aliases": ["GCP"],
        "exclusions": [
            "Good Clinical Practice (GCP",
            "Good Clinical Practices (GCP",
            "ICH GCP",
            "ICH, GCP",
            "GCP, ICH",
            "ICH, CIOMS, GCP",
            "accordance with GCP",
            "compliance with GCP",
            "FDA regulations, GCP",
            "following GCP",
        ],
    },
    "r": {"exclusions": ["R. J. Reynolds"]},
    "java": {"exclusions": ["Java Script"]},
    "spark": {
        "exclusions": [
            "going to spark",
            "spark innovation",
            "spark curiosity",
            "spark creativity",
            "spark new ideas",
        ]
    },
    "hadoop": {"remove": ["Apache Hive"]},
    "snowflake": {
        "exclusions": [
            "snowflake schema",
            "snowflake schemas",
            "star and snowflake",
            "At Snowflake",
            "Snowflake products",
        ]
    },
    "kafka": {"exclusions": ["creators of Apache Kafka"]},
    "excel": {
        "case_sensitive_aliases": ["Excel"],
        "add": [
            "in excel",
            "with excel",
            "excel skills",
            "advanced excel",
            "excel spreadsheets",
            "excel spreadsheet",
            "excel formulas",
            "excel models",
            "excel macros",
            "excel VBA",
            "of excel",
        ],
        "exclusions": [
            "opportunity to excel",
            "opportunities to excel",
            "freedom to excel",
            "ability to excel",
            "desire to excel",
            "drive to excel",
            "excel in a",
            "excel in an",
            "excel at",
            "who excel",
            "you excel",
            "we excel",
        ],
    },
}

NEW_SKILLS = [
    {
        "name": "SAS",
        "slug": "sas",
        "category": "language",
        "display_order": 74,
        "difficulty": "1.00",
        "description": "SAS, the statistical software and language of banks, insurers, health care "
        "and pharma analytics.",
        "aliases": [
            "SAS programming",
            "SAS Base",
            "Base SAS",
            "SAS Enterprise Guide",
            "SAS EG",
            "SAS Viya",
        ],
        "case_sensitive_aliases": ["SAS"],
        "prerequisites": [{"skill": "statistics", "min_level": 1}],
        "resource": {
            "title": "SAS Programming documentation",
            "url": "https://documentation.sas.com/",
            "kind": "docs",
            "section": "Data tools",
            "min_level": 0,
            "max_level": 3,
        },
    },
    {
        "name": "SPSS",
        "slug": "spss",
        "category": "data",
        "display_order": 75,
        "difficulty": "0.60",
        "description": (
            "IBM SPSS Statistics: point-and-click and syntax statistical analysis, "
            "common in research and surveys."
        ),
        "aliases": ["IBM SPSS", "SPSS Statistics", "SPSS Modeler"],
        "prerequisites": [{"skill": "statistics", "min_level": 2}],
        "resource": {
            "title": "IBM SPSS Statistics documentation",
            "url": "https://www.ibm.com/docs/en/spss-statistics",
            "kind": "docs",
            "section": "Data tools",
            "min_level": 0,
            "max_level": 3,
        },
    },
    {
        "name": "MATLAB",
        "slug": "matlab",
        "category": "language",
        "display_order": 76,
        "difficulty": "0.90",
        "description": (
            "Numerical computing language for signal processing, control and engineering models."
        ),
        "aliases": ["Simulink"],
        "prerequisites": [{"skill": "linear-algebra", "min_level": 1}],
        "resource": {
            "title": "MATLAB Onramp",
            "url": "https://matlabacademy.mathworks.com/",
            "kind": "course",
            "section": "Data tools",
            "min_level": 0,
            "max_level": 3,
        },
    },
    {
        "name": "JavaScript",
        "slug": "javascript",
        "category": "language",
        "display_order": 77,
        "difficulty": "1.00",
        "description": "The web's language: front ends, dashboards (D3.js) and Node.js services "
        "around models.",
        "aliases": ["Java Script", "TypeScript", "ECMAScript", "D3.js", "Node.js", "NodeJS"],
        "prerequisites": [],
        "resource": {
            "title": "MDN JavaScript Guide",
            "url": "https://developer.mozilla.org/en-US/docs/Web/JavaScript/Guide",
            "kind": "docs",
            "section": "Data tools",
            "min_level": 0,
            "max_level": 3,
        },
    },
    {
        "name": "Hive",
        "slug": "hive",
        "category": "data",
        "display_order": 78,
        "difficulty": "0.70",
        "description": "Apache Hive: SQL (HiveQL) over data in Hadoop clusters and data lakes.",
        "aliases": ["Apache Hive", "HiveQL", "Hive SQL"],
        "case_sensitive_aliases": ["Hive"],
        "prerequisites": [{"skill": "sql", "min_level": 2}, {"skill": "hadoop", "min_level": 1}],
        "resource": {
            "title": "Apache Hive Language Manual",
            "url": "https://cwiki.apache.org/confluence/display/Hive/LanguageManual",
            "kind": "docs",
            "section": "Data tools",
            "min_level": 0,
            "max_level": 3,
        },
    },
    {
        "name": "Redshift",
        "slug": "redshift",
        "category": "data",
        "display_order": 79,
        "difficulty": "0.70",
        "description": "Amazon Redshift, AWS's columnar data warehouse queried with SQL.",
        "aliases": ["Amazon Redshift", "AWS Redshift", "Redshift Spectrum"],
        "prerequisites": [{"skill": "sql", "min_level": 2}, {"skill": "aws", "min_level": 1}],
        "resource": {
            "title": "Amazon Redshift Getting Started Guide",
            "url": "https://docs.aws.amazon.com/redshift/latest/gsg/",
            "kind": "docs",
            "section": "Data tools",
            "min_level": 0,
            "max_level": 3,
        },
    },
    {
        "name": "Qlik",
        "slug": "qlik",
        "category": "data",
        "display_order": 82,
        "difficulty": "0.60",
        "description": "Qlik Sense and QlikView: business intelligence dashboards and self-service "
        "analytics.",
        "aliases": ["Qlik Sense", "QlikSense", "QlikView", "Qlikview"],
        "prerequisites": [{"skill": "sql", "min_level": 1}],
        "resource": {
            "title": "Qlik Sense help",
            "url": "https://help.qlik.com/",
            "kind": "docs",
            "section": "Data tools",
            "min_level": 0,
            "max_level": 3,
        },
    },
    {
        "name": "Looker",
        "slug": "looker",
        "category": "data",
        "display_order": 83,
        "difficulty": "0.60",
        "description": "Looker (Google Cloud's BI platform) and its modelling language LookML; "
        "Looker Studio reports.",
        "aliases": ["LookML", "Looker Studio"],
        "case_sensitive_aliases": ["Looker"],
        "prerequisites": [{"skill": "sql", "min_level": 2}],
        "resource": {
            "title": "Looker documentation",
            "url": "https://cloud.google.com/looker/docs",
            "kind": "docs",
            "section": "Data tools",
            "min_level": 0,
            "max_level": 3,
        },
    },
]


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _merged(text, add=(), remove=()):
    gone = {p.lower() for p in remove}
    lines = [p for p in _lines(text) if p.lower() not in gone]
    have = {p.lower() for p in lines}
    lines += [p for p in add if p.lower() not in have and not have.add(p.lower())]
    return "\n".join(lines)


def taxonomy_fix(apps, schema_editor):
    Skill = apps.get_model("market", "Skill")
    SkillPrerequisite = apps.get_model("market", "SkillPrerequisite")
    LearningResource = apps.get_model("market", "LearningResource")
    db = schema_editor.connection.alias
    skills = {s.slug: s for s in Skill.objects.using(db).all()}
    if not skills:
        return  # a fresh database: the seed loader creates the whole taxonomy from the file
    for slug, change in CHANGES.items():
        skill = skills.get(slug)
        if skill is None:
            continue
        moved = change.get("case_sensitive_aliases", [])
        skill.aliases = _merged(
            skill.aliases, change.get("add", []), [*change.get("remove", []), *moved]
        )
        skill.case_sensitive_aliases = _merged(skill.case_sensitive_aliases, moved)
        skill.exclusions = _merged(skill.exclusions, change.get("exclusions", []))
        if "match_name" in change:
            skill.match_name = change["match_name"]
        skill.save(using=db)
    names = {s.name.lower() for s in skills.values()}
    for data in NEW_SKILLS:
        if data["slug"] in skills or data["name"].lower() in names:
            continue
        skill = Skill.objects.using(db).create(
            slug=data["slug"],
            name=data["name"],
            category=data["category"],
            description=data["description"],
            aliases="\n".join(data["aliases"]),
            case_sensitive_aliases="\n".join(data.get("case_sensitive_aliases", [])),
            exclusions="\n".join(data.get("exclusions", [])),
            difficulty=Decimal(data["difficulty"]),
            display_order=data["display_order"],
        )
        skills[skill.slug] = skill
        SkillPrerequisite.objects.using(db).bulk_create(
            SkillPrerequisite(
                skill=skill, prerequisite=skills[p["skill"]], min_level=p["min_level"]
            )
            for p in data["prerequisites"]
            if p["skill"] in skills
        )
        LearningResource.objects.using(db).create(skill=skill, **data["resource"])


class Migration(migrations.Migration):
    dependencies = [("market", "0006_skill_matching_rules")]

    # Reversed, nothing: the skills it made cannot go (people's levels, plans and published
    # figures point at them, and deleting would cascade), and its alias changes are left with
    # them. Forward again changes nothing it already changed (phrases merged only where
    # missing, removed ones already gone, skills made only where missing). Migrating back past
    # it means past 0010 and 0006 too, whose reverses drop the columns these rules live in.
    operations = [migrations.RunPython(taxonomy_fix, migrations.RunPython.noop)]

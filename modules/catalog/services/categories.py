"""A vendor's category tree: create, rename, move (never under itself), delete.

Names are per language (the vendor's default language required); each name has a slug,
unique per vendor and language. Deleting a category moves its children up to its parent
and leaves its products in their other categories.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from modules.catalog.exceptions import Problems
from modules.catalog.models import Category, CategoryText, product_category
from modules.catalog.services.products import check_line, clean_line, parse_id
from modules.catalog.services.settings import shop_settings
from wizamart.extensions import db
from wizamart.slugs import first_free, slugify, taken_slugs

MAX_NAME = 120
MAX_CATEGORIES = 2000  # per vendor; the tree is loaded whole


@dataclass
class CategoryNode:
    category: Category
    depth: int


def category_tree(vendor_id: int, texts: bool = True) -> list[CategoryNode]:
    """Every category of the vendor in tree order (parents before children), with depth;
    one statement, and one more for their texts in every language (`texts`)."""
    statement = (
        sa.select(Category)
        .where(Category.vendor_id == vendor_id)
        .order_by(Category.position, Category.id)
    )
    if texts:
        statement = statement.options(sa.orm.selectinload(Category.texts))
    rows = db.session.scalars(statement).all()
    return [CategoryNode(row, depth) for row, depth in tree_order(rows)]


def tree_order(rows) -> list[tuple]:
    """(row, depth) for rows with `id` and `parent_id` (entities or plain rows) in tree
    order: each parent before its children, siblings in the order of `rows`."""
    children: dict = {}
    for row in rows:
        children.setdefault(row.parent_id, []).append(row)
    out: list[tuple] = []

    def walk(parent_id, depth):
        for row in children.get(parent_id, []):
            out.append((row, depth))
            walk(row.id, depth + 1)

    walk(None, 0)
    return out


def check_parent(problems: Problems, vendor_id: int, raw, category: Category | None):
    if raw in (None, "", "None"):
        return None
    parent_id = parse_id(raw)
    parent = (
        db.session.scalar(
            sa.select(Category).where(Category.vendor_id == vendor_id, Category.id == parent_id)
        )
        if parent_id
        else None
    )
    if parent is None:
        problems.add("parent_id", _l("Pick a parent category from the list."))
        return None
    if category is not None and (parent.id == category.id or parent.id in descendants(category)):
        problems.add("parent_id", _l("A category cannot be moved under itself."))
        return None
    return parent


def descendants(category: Category) -> set[int]:
    """Ids of every category below `category`."""
    rows = db.session.execute(
        sa.select(Category.id, Category.parent_id).where(Category.vendor_id == category.vendor_id)
    ).all()
    children: dict[int, list[int]] = {}
    for cid, parent in rows:
        children.setdefault(parent, []).append(cid)
    found: set[int] = set()
    stack = [category.id]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def save_category(
    vendor_id: int, names: dict[str, str], parent_id=None, category: Category | None = None
) -> Category:
    """Create (category None) or change a category: names per language, parent."""
    settings = shop_settings(vendor_id)
    problems = Problems()
    cleaned = {}
    for language in settings.languages:
        name = clean_line(names.get(language))
        check_line(
            problems,
            f"name_{language}",
            name,
            MAX_NAME,
            required=language == settings.default_language,
        )
        if name:
            cleaned[language] = name
    parent = check_parent(problems, vendor_id, parent_id, category)
    if category is None:
        count = db.session.scalar(
            sa.select(sa.func.count()).select_from(Category).where(Category.vendor_id == vendor_id)
        )
        if count >= MAX_CATEGORIES:
            problems.add("", _l("A shop has at most %(limit)d categories.", limit=MAX_CATEGORIES))
    problems.raise_if_any()

    if category is None:
        last = db.session.scalar(
            sa.select(sa.func.max(Category.position)).where(
                Category.vendor_id == vendor_id,
                Category.parent_id == parent.id if parent else Category.parent_id.is_(None),
            )
        )
        category = Category(vendor_id=vendor_id, position=(last or 0) + 1)
        db.session.add(category)
    category.parent_id = parent.id if parent else None
    category.name = cleaned[settings.default_language]
    db.session.flush()
    for language in settings.languages:
        text = category.text(language)
        if language not in cleaned:
            if text is not None:
                category.texts.remove(text)
            continue
        if text is None:
            slug = free_category_slug(vendor_id, language, cleaned[language], category.id)
            text = CategoryText(vendor_id=vendor_id, language=language, slug=slug)
            category.texts.append(text)
        text.name = cleaned[language]
    db.session.flush()
    return category


def free_category_slug(vendor_id: int, language: str, name: str, category_id: int) -> str:
    base = slugify(name, fallback="category")
    taken = taken_slugs(
        [
            sa.select(CategoryText.slug).where(
                CategoryText.vendor_id == vendor_id,
                CategoryText.language == language,
                CategoryText.category_id != category_id,
            )
        ],
        base,
    )
    return first_free(base, taken)


def move_category(category: Category, direction: str) -> None:
    """Swap with the sibling above ("up") or below ("down")."""
    siblings = db.session.scalars(
        sa.select(Category)
        .where(
            Category.vendor_id == category.vendor_id,
            Category.parent_id == category.parent_id
            if category.parent_id
            else Category.parent_id.is_(None),
        )
        .order_by(Category.position, Category.id)
    ).all()
    index = siblings.index(category)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(siblings):
        siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, row in enumerate(siblings, 1):
        row.position = position


def delete_category(category: Category) -> None:
    """Delete; its children move up to its parent, its products stay (uncategorised
    there)."""
    db.session.execute(
        sa.update(Category)
        .where(Category.vendor_id == category.vendor_id, Category.parent_id == category.id)
        .values(parent_id=category.parent_id)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(  # ON DELETE CASCADE does not run on SQLite
        sa.delete(product_category).where(product_category.c.category_id == category.id)
    )
    db.session.delete(category)
    db.session.flush()


def category_names(vendor_id: int) -> dict[int, str]:
    """{id: "Parent › Child"} in the vendor's default language, for pick lists, in tree
    order (one statement)."""
    names: dict[int, str] = {}
    trail: list[str] = []
    for node in category_tree(vendor_id, texts=False):
        trail[node.depth :] = [node.category.name]
        names[node.category.id] = " › ".join(trail)
    return names
